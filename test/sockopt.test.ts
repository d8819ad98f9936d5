// setsockopt / getsockopt round trips in each shape (int, timeval, linger, raw bytes), the
// Linux peculiarities, and the errno of the classic failures. See socket(7), tcp(7).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IP_TTL,
  IPV6_UNICAST_HOPS,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_BROADCAST,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_RCVBUF,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  SO_SNDTIMEO,
  SO_TYPE,
  TCP_NODELAY,
  bind,
  getsockopt,
  recv,
  setsockopt,
  sizeof,
} from '../src/index';
import { OpenSockets, loopback4 } from './helpers/addresses';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** The bytes of a C int holding `value`, in host byte order (as `&value` points to). */
function intBytes(value: number): Uint8Array {
  return new Uint8Array(Int32Array.of(value).buffer);
}

describe('int options', () => {
  it.each([
    ['SOL_SOCKET', SOL_SOCKET, 'SO_REUSEADDR', SO_REUSEADDR, SOCK_DGRAM, 1],
    ['SOL_SOCKET', SOL_SOCKET, 'SO_BROADCAST', SO_BROADCAST, SOCK_DGRAM, 1],
    ['SOL_SOCKET', SOL_SOCKET, 'SO_KEEPALIVE', SO_KEEPALIVE, SOCK_STREAM, 1],
    ['IPPROTO_TCP', IPPROTO_TCP, 'TCP_NODELAY', TCP_NODELAY, SOCK_STREAM, 1],
    ['IPPROTO_IP', IPPROTO_IP, 'IP_TTL', IP_TTL, SOCK_DGRAM, 17],
  ])('%s %s: set, read back, reset', (_l, level, _n, name, type, value) => {
    const fd = sockets.open(AF_INET, type);
    expect(getsockopt(fd, level, name)).not.toBe(value);
    expect(setsockopt(fd, level, name, value)).toBe(0);
    expect(getsockopt(fd, level, name)).toBe(value);
  });

  it('IPV6_UNICAST_HOPS on an IPv6 socket', () => {
    const fd = sockets.open(AF_INET6, SOCK_DGRAM);
    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 5);
    expect(getsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS)).toBe(5);
  });

  it('SO_RCVBUF reads back doubled: Linux doubles it for its bookkeeping (socket(7))', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 8192);
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVBUF)).toBe(16384);
  });

  it('read-only options: SO_TYPE, SO_ERROR', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    expect(getsockopt(fd, SOL_SOCKET, SO_TYPE)).toBe(SOCK_STREAM);
    expect(getsockopt(fd, SOL_SOCKET, SO_ERROR)).toBe(0);
  });
});

describe('struct timeval options', () => {
  it('SO_RCVTIMEO and SO_SNDTIMEO round trip as { tv_sec, tv_usec }', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO)).toEqual({ tv_sec: 0, tv_usec: 0 });
    // Linux keeps the timeout in jiffies: values a multiple of 1/100 s come back exact
    // whatever CONFIG_HZ is (50 ms would read 52 ms at HZ=250).
    expect(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 2, tv_usec: 500_000 })).toBe(0);
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO)).toEqual({ tv_sec: 2, tv_usec: 500_000 });
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, { tv_sec: 7, tv_usec: 0 });
    expect(getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO)).toEqual({ tv_sec: 7, tv_usec: 0 });
  });

  it('a receive with SO_RCVTIMEO fails with EAGAIN once the time is up', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    bind(fd, loopback4());
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 0, tv_usec: 50_000 });
    const start = performance.now();
    expectErrno(() => recv(fd, Buffer.alloc(8), 8, 0), 'EAGAIN', 'recv');
    // socket(7): "-1 with errno set to EAGAIN or EWOULDBLOCK" — the same value on Linux.
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
  });

  // socket(7) does not list EDOM; Linux's sock_set_timeout returns it.
  it('tv_usec of a second or more: EDOM', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(
      () => setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 0, tv_usec: 1_000_000 }),
      'EDOM',
      'setsockopt',
    );
  });
});

describe('struct linger', () => {
  it('SO_LINGER round trips as { l_onoff, l_linger }', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    expect(getsockopt(fd, SOL_SOCKET, SO_LINGER)).toEqual({ l_onoff: 0, l_linger: 0 });
    expect(setsockopt(fd, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 5 })).toBe(0);
    expect(getsockopt(fd, SOL_SOCKET, SO_LINGER)).toEqual({ l_onoff: 1, l_linger: 5 });
  });
});

describe('raw bytes', () => {
  it('an int passed as its bytes is the same option; getsockopt fills a buffer and returns optlen', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expect(setsockopt(fd, IPPROTO_IP, IP_TTL, intBytes(33))).toBe(0);
    expect(getsockopt(fd, IPPROTO_IP, IP_TTL)).toBe(33);
    const out = new Uint8Array(sizeof.int);
    expect(getsockopt(fd, IPPROTO_IP, IP_TTL, out)).toBe(4);
    expect(out).toEqual(intBytes(33));
  });

  it('a timeval as bytes, with optlen given explicitly', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    const tv = new BigInt64Array([3n, 0n]); // { tv_sec: 3, tv_usec: 0 } on 64-bit Linux
    const bytes = new Uint8Array(tv.buffer);
    expect(sizeof.timeval).toBe(bytes.length);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, bytes, sizeof.timeval);
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO)).toEqual({ tv_sec: 3, tv_usec: 0 });
    const out = new Uint8Array(32);
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, out)).toBe(sizeof.timeval);
    expect(out.subarray(0, 16)).toEqual(bytes);
  });

  it('a buffer shorter than the option is filled as far as it goes (the kernel truncates)', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    setsockopt(fd, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 9 });
    const out = new Uint8Array(16).fill(0xee);
    expect(getsockopt(fd, SOL_SOCKET, SO_LINGER, out, 4)).toBe(4);
    expect(out.subarray(0, 4)).toEqual(intBytes(1));
    expect(out[4]).toBe(0xee);
  });

  it('fewer bytes than an int option needs: EINVAL', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(
      () => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new Uint8Array(2)),
      'EINVAL',
      'setsockopt',
    );
  });
});

describe('option errors', () => {
  it('ENOPROTOOPT (unknown option), EOPNOTSUPP (TCP option on UDP), ENOTSOCK (a file), EBADF', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(() => setsockopt(fd, SOL_SOCKET, 12345, 1), 'ENOPROTOOPT', 'setsockopt');
    expectErrno(() => getsockopt(fd, IPPROTO_TCP, TCP_NODELAY), 'EOPNOTSUPP', 'getsockopt');

    const file = path.join(os.tmpdir(), `bsd-sockets-test-${process.pid}-sockopt`);
    const fileFd = fs.openSync(file, 'w');
    try {
      expectErrno(() => getsockopt(fileFd, SOL_SOCKET, SO_TYPE), 'ENOTSOCK', 'getsockopt');
    } finally {
      fs.closeSync(fileFd);
      fs.rmSync(file);
    }
    const closed = sockets.open(AF_INET, SOCK_DGRAM);
    sockets.close(closed);
    expectErrno(() => setsockopt(closed, SOL_SOCKET, SO_REUSEADDR, 1), 'EBADF', 'setsockopt');
  });
});
