// A UDP round trip through bsd-sockets/promises, call by call: the system calls it makes
// under strace, and the readiness libuv reported, trusted only while nothing took the
// input since (native/readiness.cc, SoleInputFd).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  EAGAIN,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  accept,
  bind,
  close,
  connect,
  listen,
  recv as recvSync,
  setsockopt,
  socket,
  write as writeSync,
} from '../../src/index';
import * as c from '../../src/c/index';
import * as promises from '../../src/promises/index';
import { scaled } from '../course/timeouts';
import { OpenSockets, boundPort, loopback4 } from '../helpers/addresses';
import { distEntry, makeTempDir, run } from '../helpers/child';
import { expectRejectsErrno, pair, rejection, settledWithin, watchedFds } from './helpers';

const hasStrace = spawnSync('strace', ['-V']).status === 0;
const distPromises = path.join(path.dirname(distEntry), 'promises', 'index.js');

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** A script in a fresh directory, run with node (under `prefix`, e.g. strace), then removed. */
async function runInTemp(
  source: string,
  prefix: (dir: string) => string[],
): Promise<{ status: number | null; stdout: string; stderr: string; dir: string }> {
  const temp = makeTempDir();
  try {
    const script = path.join(temp.dir, 'script.js');
    fs.writeFileSync(script, source);
    const [command, ...args] = [...prefix(temp.dir), process.execPath, script];
    const result = await run(command, args, { timeoutMs: scaled(20_000) });
    // Read what the run left before the directory goes.
    const trace = path.join(temp.dir, 'trace');
    return {
      ...result,
      dir: fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '',
    };
  } finally {
    temp.remove();
  }
}

describe.skipIf(!hasStrace)('one round trip under strace', () => {
  it('is poll, sendto, recvfrom on the socket: no epoll_ctl, no epoll_wait of the package', async () => {
    // The echo server is another process, on a socket this one made and gave it as fd 3:
    // only the client's main thread is traced (strace without -f).
    const result = await runInTemp(
      `
      const bsd = require(${JSON.stringify(distEntry)});
      const promises = require(${JSON.stringify(distPromises)});
      const { spawn } = require('node:child_process');
      const loopback = (port) => ({ sin_family: bsd.AF_INET, sin_port: port, sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
      const marker = (text) => bsd.write(2, Buffer.from(text), text.length);
      const echo = \`
        const bsd = require(process.env.BSD_SOCKETS_ENTRY);
        bsd.setsockopt(3, bsd.SOL_SOCKET, bsd.SO_RCVTIMEO, { tv_sec: 10, tv_usec: 0 });
        const buf = new Uint8Array(64);
        const from = {};
        const len = { value: 16 };
        for (;;) {
          len.value = 16;
          const n = bsd.recvfrom(3, buf, 64, 0, from, len);
          if (n <= 1) break;
          bsd.sendto(3, buf, n, 0, from);
        }
      \`;
      (async () => {
        const server = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
        bsd.bind(server, loopback(0));
        const to = loopback(bsd.getsockname(server).sin_port);
        const child = spawn(process.execPath, ['-e', echo], { stdio: ['ignore', 'ignore', 'inherit', server] });
        const ended = new Promise((resolve) => child.on('exit', resolve));
        bsd.close(server);
        const fd = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
        const buf = new Uint8Array(64);
        // Rounds 4 to 7 are compared: the first ones set the watcher up (its epoll set, the
        // registration kept armed, the first recv's question).
        for (let i = 0; i < 10; i++) {
          if (i === 4) marker('<rounds>');
          await promises.sendto(fd, buf, 16, 0, to);
          await promises.recv(fd, buf, 64, 0);
          if (i === 7) marker('</rounds>');
        }
        await promises.sendto(fd, buf, 1, 0, to);
        await ended;
        console.log(JSON.stringify({ fd }));
      })();
    `,
      (dir) => [
        'strace',
        '-qq',
        '-e',
        'trace=poll,sendto,recvfrom,epoll_wait,epoll_ctl,write',
        '-o',
        path.join(dir, 'trace'),
      ],
    );
    expect(result.stderr).toBe('<rounds></rounds>');
    expect(result.status).toBe(0);
    const { fd } = JSON.parse(result.stdout) as { fd: number };
    const trace = result.dir;
    const start = trace.indexOf('"<rounds>"');
    const end = trace.indexOf('"</rounds>"');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const lines = trace
      .slice(start, end)
      .split('\n')
      .slice(1, -1)
      // strace pads a short call to a column before its result.
      .map((line) => line.replace(/htons\(\d+\)/g, 'htons(PORT)').replace(/\) +=/, ') ='));
    const zeros = '"' + '\\0'.repeat(16) + '"';
    const round = [
      `poll([{fd=${fd}, events=POLLOUT}], 1, 0) = 1 ([{fd=${fd}, revents=POLLOUT}])`,
      `sendto(${fd}, ${zeros}, 16, 0, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = 16`,
      `recvfrom(${fd}, ${zeros}, 64, 0, NULL, NULL) = 16`,
    ];
    // The readiness question before the send (the socket is blocking: the package never
    // sets O_NONBLOCK), the send, and the receive the event loop's report led to: libuv's
    // own epoll_pwait (not traced here) said the package's epoll set was readable, and its
    // one fd is this socket.
    expect(lines).toEqual([...round, ...round, ...round, ...round]);
  });
});

describe('the readiness libuv reported', () => {
  it('is not trusted once an I/O callback before the watcher took the input in the same turn', async () => {
    // node:dgram's socket becomes readable first, then the socket pair's end x: libuv's
    // epoll_wait then usually reports them in that order (the kernel's ready list is first
    // come, first served), and the dgram handler runs first. It takes the datagram the
    // promise waits for (a synchronous recv, MSG_DONTWAIT). The promise's recv must then not
    // be made: on a blocking socket with nothing queued it would block the event loop (the
    // child would be killed by the timeout). In the other order the promise gets the
    // datagram and the handler finds nothing (EAGAIN): both are right; the first must
    // happen at least once in 10 tries.
    const result = await runInTemp(
      `
      const bsd = require(${JSON.stringify(distEntry)});
      const c = require(${JSON.stringify(path.join(path.dirname(distEntry), 'c', 'index.js'))});
      const promises = require(${JSON.stringify(distPromises)});
      const dgram = require('node:dgram');
      const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      (async () => {
        // Every socket made first: a socket made through bsd-sockets later would make the
        // watcher distrust its kept registration for another reason.
        const [x, y] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_DGRAM, 0);
        const sender = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
        const udp = dgram.createSocket('udp4');
        await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
        const to = { sin_family: bsd.AF_INET, sin_port: bsd.htons(udp.address().port), sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } };
        let taken = null;
        udp.on('message', () => {
          const own = new Uint8Array(8);
          const n = c.recv(x, own, 8, c.MSG_DONTWAIT);
          taken = n < 0 ? c.errno : own[0];
        });
        const buf = new Uint8Array(8);
        // A first round: x's registration stays armed, the only one of the epoll set.
        const first = promises.recv(x, buf, 8, 0);
        bsd.write(y, Uint8Array.of(1), 1);
        await first;
        const tries = [];
        for (let i = 0; i < 10; i++) {
          // A turn of the loop with a poll in it: the kernel's ready list forgets x's set.
          await sleep(2);
          taken = null;
          const pending = promises.recv(x, buf, 8, 0);
          let settled = null;
          pending.then((n) => (settled = n));
          bsd.sendto(sender, Uint8Array.of(9), 1, 0, to);
          bsd.write(y, Uint8Array.of(2), 1);
          // The event loop still runs: this timer fires.
          await sleep(20);
          const state = settled === null ? 'pending' : 'resolved';
          if (settled === null) bsd.write(y, Uint8Array.of(3), 1);
          const n = await pending;
          tries.push({ taken, state, n, byte: buf[0] });
        }
        console.log(JSON.stringify(tries));
        udp.close();
        for (const fd of [x, y, sender]) bsd.close(fd);
      })();
    `,
      () => [],
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const tries = JSON.parse(result.stdout) as unknown[];
    expect(tries).toHaveLength(10);
    const dgramFirst = { taken: 2, state: 'pending', n: 1, byte: 3 };
    const watcherFirst = { taken: EAGAIN, state: 'resolved', n: 1, byte: 2 };
    for (const outcome of tries) expect([dgramFirst, watcherFirst]).toContainEqual(outcome);
    expect(tries).toContainEqual(dgramFirst);
  });

  it('a call cancelled while its registration is kept armed leaves the datagram queued', async () => {
    const [a, b] = pair(sockets, SOCK_DGRAM);
    const buf = new Uint8Array(4);
    const first = promises.recv(a, buf, 4, 0);
    writeSync(b, Uint8Array.of(1), 1);
    expect(await first).toBe(1);
    expect(watchedFds().has(a)).toBe(true); // kept armed for input
    const controller = new AbortController();
    const second = promises.recv(a, buf, 4, 0, { signal: controller.signal });
    expect(await settledWithin(second)).toBe('pending');
    controller.abort();
    expect(await rejection(second)).toBeInstanceOf(promises.AbortError);
    expect(watchedFds().has(a)).toBe(false);
    writeSync(b, Uint8Array.of(2), 1);
    // A turn of the event loop: nothing waits, nothing takes the datagram.
    await new Promise((resolve) => setImmediate(resolve));
    expect(recvSync(a, buf, 4, 0)).toBe(1);
    expect(buf[0]).toBe(2);
  });
});

describe('a waiting call that fails', () => {
  it('rejects with the ErrnoError of its call, and errno is the call error after the await', async () => {
    // A TCP peer that closes with SO_LINGER { 1, 0 } sends RST (socket(7)): the waiting
    // recv fails with ECONNRESET.
    const listener = sockets.add(socket(AF_INET, SOCK_STREAM, 0));
    bind(listener, loopback4(0));
    listen(listener, 1);
    const client = sockets.add(socket(AF_INET, SOCK_STREAM, 0));
    connect(client, loopback4(boundPort(listener)));
    const peer = accept(listener);
    const pending = promises.recv(client, new Uint8Array(4), 4, 0);
    expect(await settledWithin(pending)).toBe('pending');
    setsockopt(peer, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 0 });
    close(peer);
    await expectRejectsErrno(pending, 'ECONNRESET', 'recv');
    expect(c.errno).toBe(c.ECONNRESET);
  });
});
