// The promise calls wait in the event loop, not on threads: 10,000 of them leave the
// threadpool free; a waiting call keeps the process alive, an idle watcher does not;
// each worker_thread has its own watcher, closed with it.
import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { afterEach, describe, expect, it } from 'vitest';

import { sendto as sendtoSync } from '../../src/index';
import * as promises from '../../src/promises/index';
import { OpenSockets, loopback4, udp4 } from '../helpers/addresses';
import { distEntry, makeTempDir, runScript } from '../helpers/child';
import { epollTargets } from '../helpers/epoll';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

const distPromises = path.join(path.dirname(distEntry), 'promises', 'index.js');

describe('10,000 pending recvfrom calls', () => {
  it('do not stall fs.promises.readFile, then each socket serves its first waiter', async () => {
    const temp = makeTempDir();
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one signal for all 10,000 calls, on purpose
    try {
      const file = path.join(temp.dir, 'data.txt');
      fs.writeFileSync(file, 'threadpool is free\n');
      const servers = Array.from({ length: 100 }, () => udp4(sockets));
      const sender = udp4(sockets);
      const pending = servers.flatMap((server) =>
        Array.from({ length: 100 }, () =>
          promises.recvfrom(server.fd, new Uint8Array(8), 8, 0, null, null, {
            signal: controller.signal,
          }),
        ),
      );
      expect(pending).toHaveLength(10_000);
      const outcomes = pending.map((promise) =>
        promise.then(
          (n) => ({ n }),
          (error: Error) => ({ error: error.name }),
        ),
      );

      // libuv's threadpool has 4 threads: one parked per call would never get here.
      const started = performance.now();
      const contents = await Promise.all(
        Array.from({ length: 16 }, () => fs.promises.readFile(file, 'utf8')),
      );
      expect(contents.every((text) => text === 'threadpool is free\n')).toBe(true);
      expect(performance.now() - started).toBeLessThan(2000);

      for (const server of servers)
        sendtoSync(sender.fd, Uint8Array.of(1, 2), 2, 0, loopback4(server.port));
      // Each socket's first waiter gets its datagram; the 99 behind it keep waiting.
      const firsts = await Promise.all(servers.map((_, i) => outcomes[i * 100]));
      expect(firsts.every((outcome) => 'n' in outcome && outcome.n === 2)).toBe(true);

      controller.abort();
      const rest = await Promise.all(outcomes);
      const aborted = rest.filter(
        (outcome) => 'error' in outcome && outcome.error === 'AbortError',
      );
      expect(aborted).toHaveLength(9_900);
      const watched = epollTargets();
      expect(servers.some((server) => watched.has(server.fd))).toBe(false);
    } finally {
      controller.abort();
      temp.remove();
    }
  }, 60_000);
});

describe('process lifetime', () => {
  const prelude = `
    const bsd = require(process.env.BSD_SOCKETS_ENTRY);
    const promises = require(${JSON.stringify(distPromises)});
  `;

  it('a waiting call keeps the process alive until its data comes', async () => {
    const temp = makeTempDir();
    try {
      const portFile = path.join(temp.dir, 'port');
      const child = runScript(
        prelude +
          `
        const s = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
        bsd.bind(s, { sin_family: bsd.AF_INET, sin_port: 0, sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
        require('node:fs').writeFileSync(${JSON.stringify(portFile)}, String(bsd.ntohs(bsd.getsockname(s).sin_port)));
        const buf = new Uint8Array(4);
        promises.recv(s, buf, 4, 0).then((n) => console.log('got', n, buf[0]));
      `,
        { timeoutMs: 10_000 },
      );
      // The child runs nothing but its pending recv: it must still be there to get this.
      let port = 0;
      for (let i = 0; i < 200 && port === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        if (fs.existsSync(portFile)) port = Number(fs.readFileSync(portFile, 'utf8')) || 0;
      }
      expect(port).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sender = udp4(sockets);
      sendtoSync(sender.fd, Uint8Array.of(9), 1, 0, loopback4(port));
      const result = await child;
      expect(result).toMatchObject({ status: 0, signal: null, stdout: 'got 1 9\n', stderr: '' });
    } finally {
      temp.remove();
    }
  });

  it('an idle watcher, and an aborted call, let the process end by itself', async () => {
    const started = performance.now();
    const result = await runScript(
      prelude +
        `
      const [a, b] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_STREAM, 0);
      (async () => {
        bsd.write(b, Uint8Array.of(1), 1);
        console.log('recv', await promises.recv(a, new Uint8Array(4), 4, 0));
        const controller = new AbortController();
        const pending = promises.recv(a, new Uint8Array(4), 4, 0, { signal: controller.signal });
        controller.abort();
        await pending.catch((error) => console.log(error.name));
      })();
    `,
      { timeoutMs: 10_000 },
    );
    expect(result).toMatchObject({
      status: 0,
      signal: null,
      stdout: 'recv 1\nAbortError\n',
      stderr: '',
    });
    expect(performance.now() - started).toBeLessThan(8_000);
  });
});

describe('worker_threads', () => {
  const workerSource = `
    const { parentPort, workerData } = require('node:worker_threads');
    const promises = require(workerData.promises);
    parentPort.postMessage('ready');
    const buf = new Uint8Array(4);
    promises.recv(workerData.fd, buf, 4, 0).then((n) => parentPort.postMessage([n, buf[0]]));
  `;

  function startWorker(fd: number): {
    worker: Worker;
    messages: unknown[];
    next(): Promise<unknown>;
  } {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { fd, promises: distPromises },
    });
    const messages: unknown[] = [];
    const waiting: ((value: unknown) => void)[] = [];
    worker.on('message', (message: unknown) => {
      const resolve = waiting.shift();
      if (resolve) resolve(message);
      else messages.push(message);
    });
    const next = (): Promise<unknown> =>
      messages.length > 0
        ? Promise.resolve(messages.shift())
        : new Promise((resolve) => waiting.push(resolve));
    return { worker, messages, next };
  }

  it('a worker waits in its own event loop; terminating one that waits leaves the others working', async () => {
    const served = udp4(sockets);
    const abandoned = udp4(sockets);
    const sender = udp4(sockets);
    const first = startWorker(served.fd);
    const second = startWorker(abandoned.fd);
    try {
      expect(await first.next()).toBe('ready');
      expect(await second.next()).toBe('ready');
      // Both recvs are registered (in each worker's own epoll set) once the workers idle.
      for (let i = 0; i < 100; i++) {
        const watched = epollTargets();
        if (watched.has(served.fd) && watched.has(abandoned.fd)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(epollTargets().has(abandoned.fd)).toBe(true);
      // Terminated while waiting: its watcher is closed with its environment.
      expect(await second.worker.terminate()).toBe(1);
      expect(epollTargets().has(abandoned.fd)).toBe(false);

      sendtoSync(sender.fd, Uint8Array.of(6), 1, 0, loopback4(served.port));
      expect(await first.next()).toEqual([1, 6]);
      // The main thread's own watcher is unaffected.
      const buf = new Uint8Array(4);
      const mine = promises.recv(abandoned.fd, buf, 4, 0);
      sendtoSync(sender.fd, Uint8Array.of(8), 1, 0, loopback4(abandoned.port));
      expect(await mine).toBe(1);
      expect(buf[0]).toBe(8);
    } finally {
      await first.worker.terminate();
      await second.worker.terminate();
    }
  });
});
