// bsd-sockets/promises: each call waits in the event loop, then makes its synchronous
// twin's call and resolves with its result (or rejects with its error).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  EINPROGRESS,
  F_GETFL,
  F_SETFL,
  MSG_NOSIGNAL,
  O_NONBLOCK,
  POLLIN,
  POLLOUT,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  bind,
  fcntl,
  listen,
  ntohs,
  sendto as sendtoSync,
  write as writeSync,
  read as readSync,
  type pollfd,
  type sockaddr_in,
  type socklen_t,
} from '../../src/index';
import * as promises from '../../src/promises/index';
import { expectRejectsErrno, pair, settledWithin } from './helpers';
import { OpenSockets, boundPort, loopback4, udp4 } from '../helpers/addresses';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('recv, recvfrom, read', () => {
  it('stay pending, without blocking, until data arrives; then return what the call returned', async () => {
    const [a, b] = pair(sockets);
    const buf = new Uint8Array(16);
    const pending = promises.recv(a, buf, 16, 0);
    expect(await settledWithin(pending)).toBe('pending');
    writeSync(b, Uint8Array.of(1, 2, 3), 3);
    expect(await pending).toBe(3);
    expect([...buf.slice(0, 4)]).toEqual([1, 2, 3, 0]);

    const readPending = promises.read(a, buf, 2);
    writeSync(b, Uint8Array.of(7, 8, 9), 3);
    expect(await readPending).toBe(2);
    expect([...buf.slice(0, 2)]).toEqual([7, 8]);
    // The third byte is still queued: read(2) asked for 2.
    expect(readSync(a, buf, 16)).toBe(1);
  });

  it('recvfrom fills src_addr and the socklen_t box', async () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    const buf = new Uint8Array(64);
    const from = {} as sockaddr_in;
    const len: socklen_t = { value: 16 };
    const pending = promises.recvfrom(server.fd, buf, 64, 0, from, len);
    sendtoSync(client.fd, Uint8Array.of(104, 105, 0), 3, 0, loopback4(server.port));
    expect(await pending).toBe(3);
    expect(len.value).toBe(16);
    expect(from.sin_family).toBe(AF_INET);
    expect(ntohs(from.sin_port)).toBe(client.port);
  });

  it('serves the waiters of one fd in FIFO order, one datagram each', async () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    const buffers = [0, 1, 2, 3, 4].map(() => new Uint8Array(4));
    const pending = buffers.map((buf) => promises.recv(server.fd, buf, 4, 0));
    for (let i = 0; i < 5; i++)
      sendtoSync(client.fd, Uint8Array.of(10 + i), 1, 0, loopback4(server.port));
    expect(await Promise.all(pending)).toEqual([1, 1, 1, 1, 1]);
    expect(buffers.map((buf) => buf[0])).toEqual([10, 11, 12, 13, 14]);
  });

  it('return 0 at end of stream and reject with the call error (ENOTCONN…)', async () => {
    const [a, b] = pair(sockets);
    const eof = promises.recv(a, new Uint8Array(4), 4, 0);
    sockets.close(b);
    expect(await eof).toBe(0);

    const unconnected = sockets.open(AF_INET, SOCK_STREAM);
    await expectRejectsErrno(
      promises.recv(unconnected, new Uint8Array(4), 4, 0),
      'ENOTCONN',
      'recv',
    );
  });

  it('read a regular file at once (epoll cannot watch it: it never blocks)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-promises-'));
    try {
      const file = path.join(dir, 'data');
      fs.writeFileSync(file, 'abc');
      const fd = fs.openSync(file, 'r');
      try {
        const buf = new Uint8Array(8);
        expect(await promises.read(fd, buf, 8)).toBe(3);
        expect(Buffer.from(buf.subarray(0, 3)).toString()).toBe('abc');
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('send, sendto, write', () => {
  it('write when the socket is writable and resolve with the count', async () => {
    const [a, b] = pair(sockets);
    expect(await promises.send(a, Uint8Array.of(1, 2), 2, 0)).toBe(2);
    expect(await promises.write(a, Uint8Array.of(3), 1)).toBe(1);
    const buf = new Uint8Array(8);
    expect(readSync(b, buf, 8)).toBe(3);
    expect([...buf.slice(0, 3)]).toEqual([1, 2, 3]);

    const server = udp4(sockets);
    const client = udp4(sockets);
    expect(await promises.sendto(client.fd, Uint8Array.of(9), 1, 0, loopback4(server.port))).toBe(
      1,
    );
    expect(await promises.recv(server.fd, buf, 8, 0)).toBe(1);
    expect(buf[0]).toBe(9);
  });

  it('wait while a non-blocking socket send buffer is full, then send', async () => {
    const [a, b] = pair(sockets);
    fcntl(a, F_SETFL, fcntl(a, F_GETFL) | O_NONBLOCK);
    const chunk = new Uint8Array(65536);
    // Fill a's send buffer (and b's receive buffer): bounded by the kernel's buffer sizes.
    let queued = 0;
    for (let i = 0; i < 1000; i++) {
      try {
        queued += writeSync(a, chunk, chunk.length);
      } catch {
        break;
      }
    }
    expect(queued).toBeGreaterThan(0);
    const pending = promises.send(a, Uint8Array.of(42), 1, 0);
    expect(await settledWithin(pending)).toBe('pending');
    // Drain what was queued: room comes back, the send is made.
    const sink = new Uint8Array(65536);
    let drained = 0;
    while (drained < queued) drained += readSync(b, sink, sink.length);
    expect(await pending).toBe(1);
    expect(readSync(b, sink, 8)).toBe(1);
    expect(sink[0]).toBe(42);
  });

  it('reject with EPIPE once the peer is gone', async () => {
    const [a, b] = pair(sockets);
    sockets.close(b);
    await expectRejectsErrno(promises.send(a, Uint8Array.of(1), 1, MSG_NOSIGNAL), 'EPIPE', 'send');
  });
});

describe('accept, accept4, connect', () => {
  it('accept waits for a connection; a non-blocking connect resolves when it completes', async () => {
    const server = sockets.open(AF_INET, SOCK_STREAM);
    bind(server, loopback4());
    listen(server, 4);
    const port = boundPort(server);
    const peer = {} as sockaddr_in;
    const accepted = promises.accept(server, peer, { value: 16 });
    expect(await settledWithin(accepted)).toBe('pending');
    const client = sockets.open(AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
    expect(await promises.connect(client, loopback4(port))).toBe(0);
    const fd = sockets.add(await accepted);
    expect(ntohs(peer.sin_port)).toBe(boundPort(client));
    expect(await promises.send(client, Uint8Array.of(5), 1, 0)).toBe(1);
    const buf = new Uint8Array(1);
    expect(await promises.recv(fd, buf, 1, 0)).toBe(1);
    expect(buf[0]).toBe(5);
  });

  it('accept4 sets its flags on the new fd', async () => {
    const server = sockets.open(AF_INET, SOCK_STREAM);
    bind(server, loopback4());
    listen(server, 4);
    const accepted = promises.accept4(server, null, null, SOCK_NONBLOCK);
    const client = sockets.open(AF_INET, SOCK_STREAM);
    expect(await promises.connect(client, loopback4(boundPort(server)))).toBe(0);
    const fd = sockets.add(await accepted);
    expect(fcntl(fd, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
  });

  it('a refused non-blocking connect rejects with ECONNREFUSED from SO_ERROR', async () => {
    // A port nobody listens on: bound, never listening.
    const taken = sockets.open(AF_INET, SOCK_STREAM);
    bind(taken, loopback4());
    const client = sockets.open(AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
    expect(EINPROGRESS).toBeGreaterThan(0);
    await expectRejectsErrno(
      promises.connect(client, loopback4(boundPort(taken))),
      'ECONNREFUSED',
      'connect',
    );
  });
});

describe('poll', () => {
  it('resolves when an entry is ready, with revents written', async () => {
    const [a, b] = pair(sockets);
    const fds: pollfd[] = [
      { fd: a, events: POLLIN, revents: 0 },
      { fd: b, events: POLLIN, revents: 0 },
    ];
    const pending = promises.poll(fds, -1);
    expect(await settledWithin(pending)).toBe('pending');
    writeSync(a, Uint8Array.of(1), 1);
    expect(await pending).toBe(1);
    expect(fds.map((entry) => entry.revents)).toEqual([0, POLLIN]);
  });

  it('a timeout of 0 polls at once; an expired timeout resolves 0', async () => {
    const [a] = pair(sockets);
    const fds: pollfd[] = [{ fd: a, events: POLLIN | POLLOUT, revents: 0 }];
    expect(await promises.poll(fds, 0)).toBe(1);
    expect(fds[0].revents).toBe(POLLOUT);
    const idle: pollfd[] = [{ fd: a, events: POLLIN, revents: 9 }];
    const started = performance.now();
    expect(await promises.poll(idle, 40)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(idle[0].revents).toBe(0);
  });
});

describe('many at once', () => {
  it('serves 500 socket pairs, each with a pending recv and send, in any order', async () => {
    const pairs = Array.from({ length: 500 }, () => pair(sockets, SOCK_DGRAM));
    const buffers = pairs.map(() => new Uint8Array(4));
    const received = pairs.map(([a], i) => promises.recv(a, buffers[i], 4, 0));
    const order = pairs.map((_, i) => i).reverse();
    const sent = order.map((i) =>
      promises.send(pairs[i][1], Uint8Array.of(i & 0xff, i >> 8), 2, 0),
    );
    expect(await Promise.all(sent)).toEqual(order.map(() => 2));
    expect(await Promise.all(received)).toEqual(pairs.map(() => 2));
    expect(buffers.map((buf) => buf[0] | (buf[1] << 8))).toEqual(pairs.map((_, i) => i));
  });
});
