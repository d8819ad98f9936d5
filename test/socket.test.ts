// socket, socketpair, shutdown, close, read, write: creating and ending sockets.
import * as fs from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_TCP,
  IPPROTO_UDP,
  MSG_DONTWAIT,
  SHUT_RD,
  SHUT_WR,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_DOMAIN,
  SO_PROTOCOL,
  SO_TYPE,
  close,
  getsockopt,
  read,
  recv,
  send,
  shutdown,
  socket,
  socketpair,
  write,
} from '../src/index';
import { OpenSockets } from './helpers/addresses';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** The `flags:` line of /proc/self/fdinfo/<fd>, in octal as the kernel prints it. */
function fdFlags(fd: number): number {
  const match = /^flags:\s+([0-7]+)$/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  return parseInt(match![1], 8);
}
// From <asm-generic/fcntl.h> (x86 and arm): what fdinfo shows for SOCK_CLOEXEC / SOCK_NONBLOCK.
const O_CLOEXEC_BIT = 0o2000000;
const O_NONBLOCK_BIT = 0o4000;

describe('socket', () => {
  it.each([
    ['AF_INET', AF_INET, 'SOCK_DGRAM', SOCK_DGRAM, IPPROTO_UDP],
    ['AF_INET', AF_INET, 'SOCK_STREAM', SOCK_STREAM, IPPROTO_TCP],
    ['AF_INET6', AF_INET6, 'SOCK_DGRAM', SOCK_DGRAM, IPPROTO_UDP],
    ['AF_INET6', AF_INET6, 'SOCK_STREAM', SOCK_STREAM, IPPROTO_TCP],
    ['AF_UNIX', AF_UNIX, 'SOCK_STREAM', SOCK_STREAM, 0],
    ['AF_UNIX', AF_UNIX, 'SOCK_DGRAM', SOCK_DGRAM, 0],
  ])('socket(%s, %s, 0) makes that kind of socket', (_d, domain, _t, type, protocol) => {
    const fd = sockets.open(domain, type, 0);
    expect(Number.isInteger(fd) && fd > 2).toBe(true);
    expect(getsockopt(fd, SOL_SOCKET, SO_DOMAIN)).toBe(domain);
    expect(getsockopt(fd, SOL_SOCKET, SO_TYPE)).toBe(type);
    expect(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL)).toBe(protocol);
  });

  it('adds no flag of its own: no close-on-exec, no non-blocking unless asked', () => {
    const plain = sockets.open(AF_INET, SOCK_DGRAM, 0);
    expect(fdFlags(plain) & (O_CLOEXEC_BIT | O_NONBLOCK_BIT)).toBe(0);
    const flagged = sockets.open(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    expect(fdFlags(flagged) & (O_CLOEXEC_BIT | O_NONBLOCK_BIT)).toBe(
      O_CLOEXEC_BIT | O_NONBLOCK_BIT,
    );
    // SO_TYPE reports the type without the flags, as in C.
    expect(getsockopt(flagged, SOL_SOCKET, SO_TYPE)).toBe(SOCK_DGRAM);
  });

  it('fails with EAFNOSUPPORT for an unknown family and EPROTONOSUPPORT for a wrong protocol', () => {
    expectErrno(() => socket(12345, SOCK_DGRAM, 0), 'EAFNOSUPPORT', 'socket');
    expectErrno(() => socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), 'EPROTONOSUPPORT', 'socket');
  });
});

describe('socketpair', () => {
  it('returns two connected stream fds: bytes written on one are read on the other', () => {
    const [a, b] = sockets.pair();
    expect(a).not.toBe(b);
    expect(write(a, Buffer.from('ping'), 4)).toBe(4);
    const buf = Buffer.alloc(16);
    expect(read(b, buf, buf.length)).toBe(4);
    expect(buf.subarray(0, 4).toString()).toBe('ping');
    expect(write(b, Buffer.from('pong!'), 5)).toBe(5);
    expect(read(a, buf, buf.length)).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe('pong!');
  });

  it('keeps message boundaries with SOCK_DGRAM', () => {
    const [a, b] = socketpair(AF_UNIX, SOCK_DGRAM, 0).map((fd) => sockets.add(fd));
    send(a, Buffer.from('one'), 3, 0);
    send(a, Buffer.from('three'), 5, 0);
    const buf = Buffer.alloc(16);
    expect(recv(b, buf, buf.length, 0)).toBe(3);
    expect(recv(b, buf, buf.length, 0)).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe('three');
  });

  it('fails with EOPNOTSUPP for AF_INET, which has no socketpair', () => {
    expectErrno(() => socketpair(AF_INET, SOCK_STREAM, 0), 'EOPNOTSUPP', 'socketpair');
  });
});

describe('shutdown', () => {
  it('SHUT_WR: the peer reads end of file (0), and the writer gets EPIPE', () => {
    const [a, b] = sockets.pair();
    expect(shutdown(a, SHUT_WR)).toBe(0);
    expect(read(b, Buffer.alloc(4), 4)).toBe(0);
    // Node.js ignores SIGPIPE, so the C program's death by signal is an EPIPE error here.
    expectErrno(() => write(a, Buffer.from('x'), 1), 'EPIPE', 'write');
  });

  it('SHUT_RD: reads return 0 at once instead of blocking', () => {
    const [a] = sockets.pair();
    expect(shutdown(a, SHUT_RD)).toBe(0);
    expect(recv(a, Buffer.alloc(4), 4, MSG_DONTWAIT)).toBe(0);
  });

  it('fails with ENOTCONN on a socket that is not connected', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM, 0);
    expectErrno(() => shutdown(fd, SHUT_WR), 'ENOTCONN', 'shutdown');
  });
});

describe('close', () => {
  it('returns 0, and a second close of the same fd fails with EBADF', () => {
    const fd = socket(AF_INET, SOCK_DGRAM, 0);
    expect(close(fd)).toBe(0);
    // Nothing runs between the two calls on this thread that could reuse the number.
    expectErrno(() => close(fd), 'EBADF', 'close');
  });
});
