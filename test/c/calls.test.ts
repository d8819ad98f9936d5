// bsd-sockets/c for socket, connection, sockname, send and recv: C's convention, -1 and
// errno, never a throw, on the same native calls as the root entry — which throws the same
// errno where C returns -1.
import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/index';
import * as root from '../../src/index';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  EADDRINUSE,
  EAFNOSUPPORT,
  EAGAIN,
  EBADF,
  ECONNREFUSED,
  EDESTADDRREQ,
  EFAULT,
  EINVAL,
  ENOTCONN,
  EOPNOTSUPP,
  MSG_DONTWAIT,
  SHUT_RDWR,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  ntohs,
} from '../../src/index';
import { get_errno, set_errno } from '../../src/scratch';
import { OpenSockets, loopback4, loopback6, udp4 } from '../helpers/addresses';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** C's `if (call() == -1)`: the call returned -1, errno is `err`, and it did not throw. */
function failsWith(call: () => number, err: number): void {
  set_errno(0);
  expect(call()).toBe(-1);
  expect(get_errno()).toBe(err);
}

/** The root entry throws the same errno for the same call. */
function throwsWith(call: () => unknown, err: number, syscall: string): void {
  expect(call).toThrow(expect.objectContaining({ errno: err, syscall }));
}

describe('bsd-sockets/c: -1 and errno', () => {
  it('socket: EAFNOSUPPORT; close(-1) and a second close: EBADF', () => {
    failsWith(() => c.socket(12345, SOCK_DGRAM, 0), EAFNOSUPPORT);
    throwsWith(() => root.socket(12345, SOCK_DGRAM, 0), EAFNOSUPPORT, 'socket');
    failsWith(() => c.close(-1), EBADF);
    const fd = c.socket(AF_INET, SOCK_DGRAM, 0);
    expect(fd).toBeGreaterThan(2);
    expect(c.close(fd)).toBe(0);
    failsWith(() => c.close(fd), EBADF);
    throwsWith(() => root.close(fd), EBADF, 'close');
  });

  it('socketpair fills sv; shutdown of an unconnected socket: ENOTCONN', () => {
    const sv = [0, 0];
    expect(c.socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
    sv.forEach((fd) => sockets.add(fd));
    expect(c.write(sv[0], 'ping', 4)).toBe(4);
    const buf = new Uint8Array(8);
    expect(c.read(sv[1], buf, 8)).toBe(4);
    expect(Buffer.from(buf.subarray(0, 4)).toString()).toBe('ping');
    failsWith(() => c.socketpair(AF_INET, SOCK_STREAM, 0, [0, 0]), EOPNOTSUPP);
    const tcp = sockets.open(AF_INET, SOCK_STREAM);
    failsWith(() => c.shutdown(tcp, SHUT_RDWR), ENOTCONN);
  });

  it('bind: EADDRINUSE, then EINVAL once bound; EAFNOSUPPORT for a sockaddr_in6', () => {
    const server = udp4(sockets);
    const other = sockets.open(AF_INET, SOCK_DGRAM);
    failsWith(() => c.bind(other, loopback4(server.port)), EADDRINUSE);
    throwsWith(() => root.bind(other, loopback4(server.port)), EADDRINUSE, 'bind');
    failsWith(() => c.bind(server.fd, loopback4(0)), EINVAL);
    failsWith(() => c.bind(other, loopback6(0)), EAFNOSUPPORT);
    // An explicit addrlen reaches the kernel as given: 8 is too short for a sockaddr_in.
    failsWith(() => c.bind(other, loopback4(0), 8), EINVAL);
  });

  it('listen, accept, accept4, connect: EOPNOTSUPP, EINVAL, EAGAIN, ECONNREFUSED', () => {
    const udp = sockets.open(AF_INET, SOCK_DGRAM);
    failsWith(() => c.listen(udp, 1), EOPNOTSUPP);
    const tcp = sockets.open(AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
    failsWith(() => c.accept(tcp, null, null), EINVAL);
    expect(c.bind(tcp, loopback4(0))).toBe(0);
    expect(c.listen(tcp, 1)).toBe(0);
    failsWith(() => c.accept4(tcp, {}, { value: 16 }, 0), EAGAIN);
    const port = ntohs(root.getsockname(tcp).sin_port!);
    sockets.close(tcp);
    const client = sockets.open(AF_INET, SOCK_STREAM);
    failsWith(() => c.connect(client, loopback4(port)), ECONNREFUSED);
  });

  it('a connection end to end: accept fills addr and addrlen; getpeername matches', () => {
    const server = sockets.open(AF_INET, SOCK_STREAM);
    expect(c.bind(server, loopback4(0))).toBe(0);
    expect(c.listen(server, 1)).toBe(0);
    const name = {};
    const namelen = { value: 16 };
    expect(c.getsockname(server, name, namelen)).toBe(0);
    expect(namelen.value).toBe(16);
    const port = (name as { sin_port: number }).sin_port;
    const client = sockets.open(AF_INET, SOCK_STREAM);
    expect(c.connect(client, { ...loopback4(0), sin_port: port }, 16)).toBe(0);
    const peer = {};
    const peerlen = { value: 16 };
    const conn = c.accept(server, peer, peerlen);
    expect(conn).toBeGreaterThan(2);
    sockets.add(conn);
    expect(peerlen.value).toBe(16);
    const mine = {};
    expect(c.getsockname(client, mine, { value: 16 })).toBe(0);
    expect(peer).toEqual(mine);
    const seen = {};
    expect(c.getpeername(conn, seen, null)).toBe(0);
    expect(seen).toEqual(mine);
    // A NULL addr is C's NULL: the kernel says EFAULT.
    failsWith(() => c.getsockname(conn, null, { value: 16 }), EFAULT);
    expect(c.send(client, 'hello', 5, 0)).toBe(5);
    const buf = new Uint8Array(16);
    expect(c.recv(conn, buf, 16, 0)).toBe(5);
    failsWith(() => c.recv(conn, buf, 16, MSG_DONTWAIT), EAGAIN);
  });

  it('sendto without an address: EDESTADDRREQ; recvfrom fills the sender', () => {
    const server = udp4(sockets);
    const client = sockets.open(AF_INET, SOCK_DGRAM);
    failsWith(() => c.sendto(client, 'x', 1, 0, null), EDESTADDRREQ);
    throwsWith(() => root.sendto(client, 'x', 1, 0, null), EDESTADDRREQ, 'sendto');
    expect(c.sendto(client, 'abc', 3, 0, loopback4(server.port), 16)).toBe(3);
    const from = {};
    const fromlen = { value: 16 };
    const buf = new Uint8Array(8);
    expect(c.recvfrom(server.fd, buf, 8, 0, from, fromlen)).toBe(3);
    expect(fromlen.value).toBe(16);
    // The client was bound by sendto to 0.0.0.0:port; the datagram came from 127.0.0.1.
    expect(from).toEqual({
      ...loopback4(0),
      ss_family: AF_INET,
      sa_family: AF_INET,
      sin_port: root.getsockname(client).sin_port,
    });
    failsWith(() => c.recvfrom(server.fd, buf, 8, MSG_DONTWAIT, from, fromlen), EAGAIN);
    expect(fromlen.value).toBe(16);
    failsWith(() => c.read(100000, buf, 8), EBADF);
  });

  it('errno stays as the last failure left it across successful calls, as in C', () => {
    failsWith(() => c.close(-1), EBADF);
    const fd = sockets.open(AF_INET6, SOCK_DGRAM);
    expect(c.bind(fd, loopback6(0))).toBe(0);
    expect(get_errno()).toBe(EBADF);
  });

  it('bad arguments are still TypeError/RangeError naming the function, in both entries', () => {
    const buf = new Uint8Array(4);
    expect(() => c.send(0, buf, 5, 0)).toThrow(/^send: len \(5\) exceeds buf\.byteLength \(4\)$/);
    expect(() => root.recv(0, buf, 5, 0)).toThrow(RangeError);
    expect(() => c.bind(0, { sin_port: 0 } as never)).toThrow(TypeError);
  });
});
