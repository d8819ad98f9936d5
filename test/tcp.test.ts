// TCP over loopback: listen, connect, accept, send/recv, read/write, shutdown, IPv4 and IPv6.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  SHUT_WR,
  SOCK_DGRAM,
  MSG_TRUNC,
  SOCK_STREAM,
  accept,
  bind,
  connect,
  getpeername,
  getsockname,
  inet_ntop,
  listen,
  ntohs,
  read,
  recv,
  send,
  shutdown,
  write,
  type sockaddr,
  type sockaddr_storage,
} from '../src/index';
import { OpenSockets, boundPort, limitReceive, loopback4, loopback6 } from './helpers/addresses';
import { startServer } from './helpers/child';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

const families = [
  { name: 'IPv4', domain: AF_INET, address: loopback4, text: '127.0.0.1' },
  { name: 'IPv6', domain: AF_INET6, address: loopback6, text: '::1' },
];

/** A listening socket on loopback, port 0; its port. */
function listener(domain: number, address: (port?: number) => sockaddr): number {
  const fd = sockets.open(domain, SOCK_STREAM);
  bind(fd, address());
  expect(listen(fd, 4)).toBe(0);
  return fd;
}

/** The address fields of the family of `name`: port and text. */
function portAndHost(name: sockaddr_storage): [number, string] {
  if (name.ss_family === AF_INET)
    return [ntohs(name.sin_port!), inet_ntop(AF_INET, name.sin_addr!)];
  return [ntohs(name.sin6_port!), inet_ntop(AF_INET6, name.sin6_addr!)];
}

describe.each(families)('TCP over $name', ({ domain, address, text }) => {
  // connect() returns once the kernel has completed the handshake with the listening
  // socket, and accept() then finds the connection queued: neither blocks here.
  it('connect, accept: both ends see each other; bytes flow both ways; shutdown gives EOF', () => {
    const server = listener(domain, address);
    const port = boundPort(server);
    const client = sockets.open(domain, SOCK_STREAM);
    limitReceive(client);
    expect(connect(client, address(port))).toBe(0);

    const peer: sockaddr_storage = {};
    const conn = sockets.add(accept(server, peer));
    limitReceive(conn);
    expect(peer.ss_family).toBe(domain);
    expect(portAndHost(peer)).toEqual(portAndHost(getsockname(client)));
    expect(portAndHost(getpeername(conn))).toEqual([boundPort(client), text]);
    expect(portAndHost(getpeername(client))).toEqual([port, text]);

    expect(send(client, Buffer.from('request'), 7, 0)).toBe(7);
    const buf = Buffer.alloc(32);
    expect(recv(conn, buf, buf.length, 0)).toBe(7);
    expect(buf.subarray(0, 7).toString()).toBe('request');
    expect(write(conn, Buffer.from('response'), 8)).toBe(8);
    expect(read(client, buf, buf.length)).toBe(8);
    expect(buf.subarray(0, 8).toString()).toBe('response');

    expect(shutdown(client, SHUT_WR)).toBe(0);
    expect(recv(conn, buf, buf.length, 0)).toBe(0);
  });

  it('recv with MSG_TRUNC discards the bytes and leaves buf as it was (Linux, TCP)', () => {
    // recv(2): on a TCP socket MSG_TRUNC throws the bytes away instead of copying them, so
    // the binding must not copy anything into buf either (src/c/recv.ts takes buf as the
    // kernel's own view then, not Scratch::small_buf).
    const server = listener(domain, address);
    const client = sockets.open(domain, SOCK_STREAM);
    limitReceive(client);
    expect(connect(client, address(boundPort(server)))).toBe(0);
    const conn = sockets.add(accept(server, null));
    limitReceive(conn);
    expect(send(client, Buffer.from('abcdefgh'), 8, 0)).toBe(8);
    const buf = Buffer.from('zzzzzzzz');
    expect(recv(conn, buf, 4, MSG_TRUNC)).toBe(4);
    expect(buf.toString()).toBe('zzzzzzzz');
    expect(recv(conn, buf, 8, 0)).toBe(4);
    expect(buf.toString()).toBe('efghzzzz');
  });

  it('accept with a null address, as C allows', () => {
    const server = listener(domain, address);
    const client = sockets.open(domain, SOCK_STREAM);
    connect(client, address(boundPort(server)));
    const conn = sockets.add(accept(server, null));
    expect(portAndHost(getpeername(conn))).toEqual(portAndHost(getsockname(client)));
  });

  it('fails with ECONNREFUSED on a port nobody listens on', () => {
    const closed = sockets.open(domain, SOCK_STREAM);
    bind(closed, address());
    const port = boundPort(closed);
    sockets.close(closed);
    const client = sockets.open(domain, SOCK_STREAM);
    expectErrno(() => connect(client, address(port)), 'ECONNREFUSED', 'connect');
  });

  it('fails with EADDRINUSE when a second socket binds a listening port', () => {
    const server = listener(domain, address);
    const second = sockets.open(domain, SOCK_STREAM);
    expectErrno(() => bind(second, address(boundPort(server))), 'EADDRINUSE', 'bind');
  });
});

describe('TCP errors of an unconnected socket', () => {
  it('recv and getpeername: ENOTCONN; send: EPIPE (Linux; send(2) lists ENOTCONN)', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    expectErrno(() => recv(fd, Buffer.alloc(4), 4, 0), 'ENOTCONN', 'recv');
    expectErrno(() => getpeername(fd), 'ENOTCONN', 'getpeername');
    // Linux's tcp_sendmsg answers EPIPE for a socket that never connected.
    expectErrno(() => send(fd, Buffer.from('x'), 1, 0), 'EPIPE', 'send');
  });

  it('accept on a socket that is not listening: EINVAL; listen on UDP: EOPNOTSUPP', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    expectErrno(() => accept(fd, null), 'EINVAL', 'accept');
    const udp = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(() => listen(udp, 1), 'EOPNOTSUPP', 'listen');
  });

  it('connect twice: EISCONN', () => {
    const server = listener(AF_INET, loopback4);
    const client = sockets.open(AF_INET, SOCK_STREAM);
    connect(client, loopback4(boundPort(server)));
    expectErrno(() => connect(client, loopback4(boundPort(server))), 'EISCONN', 'connect');
  });
});

// A server that blocks in accept() and recv() as the course's servers do: it runs in a child
// process, and the test kills it.
const echoServer = `
const s = bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0);
bsd.bind(s, { sin_family: bsd.AF_INET, sin_port: 0, sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
bsd.listen(s, 4);
ready({ port: bsd.ntohs(bsd.getsockname(s).sin_port) });
const buf = Buffer.alloc(256);
for (let i = 0; i < 4; i++) {
  const peer = {};
  const c = bsd.accept(s, peer);
  report({ peer: bsd.ntohs(peer.sin_port) });
  for (let k = 0, n; k < 100 && (n = bsd.recv(c, buf, buf.length, 0)) > 0; k++) bsd.send(c, buf, n, 0);
  bsd.close(c);
}
`;

describe('TCP with a blocking server in a child process', () => {
  it('echoes what the client sends, and sees the client port', async () => {
    const server = await startServer(echoServer);
    try {
      const client = sockets.open(AF_INET, SOCK_STREAM);
      limitReceive(client);
      connect(client, loopback4(server.ready.port as number));
      expect(await server.nextLine()).toEqual({ peer: boundPort(client) });
      const message = Buffer.from('blocking calls in a child');
      expect(send(client, message, message.length, 0)).toBe(message.length);
      const buf = Buffer.alloc(64);
      let received = 0;
      // TCP is a byte stream: the echo may come back in several pieces (bounded loop).
      for (let i = 0; i < 10 && received < message.length; i++) {
        received += recv(client, buf.subarray(received), buf.length - received, 0);
      }
      expect(buf.subarray(0, received)).toEqual(message);
      shutdown(client, SHUT_WR);
      expect(recv(client, buf, buf.length, 0)).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
