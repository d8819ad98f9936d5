// setsockopt/getsockopt through both entries: bsd-sockets/c returns -1 and leaves errno,
// the root entry throws an ErrnoError with the same errno. And the timeval/linger codecs on
// byte fixtures, at the offsets of src/layout.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/sockopt';
import {
  AF_INET,
  EBADF,
  EDOM,
  EFAULT,
  EINVAL,
  ENOPROTOOPT,
  ENOTSOCK,
  EOPNOTSUPP,
  IPPROTO_IP,
  IPPROTO_TCP,
  IP_TTL,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  SO_TYPE,
  TCP_NODELAY,
  getsockopt,
  setsockopt,
  sizeof,
} from '../../src/index';
import * as layout from '../../src/layout';
import { get_errno, set_errno } from '../../src/scratch';
import {
  check_linger,
  check_timeval,
  load_linger,
  load_timeval,
  store_linger,
  store_timeval,
} from '../../src/struct/timeval';
import { OpenSockets } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `value` as a signed integer of `size` bytes in host byte order, in hex. */
function hostHex(value: number, size: number): string {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 8) view.setBigInt64(0, BigInt(value), little);
  else view.setInt32(0, value, little);
  return Buffer.from(view.buffer).toString('hex');
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A fixture: `size` bytes of 0xee, and a view on them. */
function fixture(size: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size).fill(0xee);
  return { bytes, view: new DataView(bytes.buffer) };
}

/** The C call fails: -1, and errno is `code`; errno is then reset for the next check. */
function expectC(ret: number, code: number): void {
  expect(ret).toBe(-1);
  expect(get_errno()).toBe(code);
  set_errno(0);
}

describe('struct timeval codec (no socket)', () => {
  const TV = layout.timeval;

  it('lies as layout.timeval says: tv_sec then tv_usec, signed, host byte order', () => {
    expect(TV.size).toBe(sizeof.timeval);
    expect(TV.tv_sec.offset).toBe(0);
    expect(TV.tv_usec.offset).toBeGreaterThanOrEqual(TV.tv_sec.size);
    const m = fixture(TV.size + 8);
    expect(store_timeval(m.view, 4, { tv_sec: 3, tv_usec: -2 })).toBe(TV.size);
    const at = (f: { offset: number; size: number }) =>
      hex(m.bytes.subarray(4 + f.offset, 4 + f.offset + f.size));
    expect(at(TV.tv_sec)).toBe(hostHex(3, TV.tv_sec.size));
    expect(at(TV.tv_usec)).toBe(hostHex(-2, TV.tv_usec.size));
    // Only the struct is written.
    expect(hex(m.bytes.subarray(0, 4))).toBe('ee'.repeat(4));
    expect(hex(m.bytes.subarray(4 + TV.size))).toBe('ee'.repeat(4));
    expect(load_timeval(m.view, 4)).toEqual({ tv_sec: 3, tv_usec: -2 });
  });

  it('reads a struct written as C writes it', () => {
    const m = fixture(TV.size);
    m.bytes.fill(0);
    const sec = Buffer.from(hostHex(1_700_000_000, TV.tv_sec.size), 'hex');
    const usec = Buffer.from(hostHex(999_999, TV.tv_usec.size), 'hex');
    m.bytes.set(sec, TV.tv_sec.offset);
    m.bytes.set(usec, TV.tv_usec.offset);
    expect(load_timeval(m.view, 0)).toEqual({ tv_sec: 1_700_000_000, tv_usec: 999_999 });
  });

  it('checks the fields: integers, read once into a fresh object', () => {
    const given = { tv_sec: 1, tv_usec: 2 };
    const tv = check_timeval(given, 'f', 'tv');
    expect(tv).toEqual(given);
    expect(tv).not.toBe(given);
    expectArgError(
      () => check_timeval({ tv_sec: 1 }, 'f', 'tv'),
      TypeError,
      'f',
      /^f: tv\.tv_usec must be an integer, got undefined$/,
    );
    expectArgError(
      () => check_timeval({ tv_sec: 0.5, tv_usec: 0 }, 'f', 'tv'),
      RangeError,
      'f',
      /tv\.tv_sec must be an integer in/,
    );
    expectArgError(() => check_timeval(5, 'f', 'tv'), TypeError, 'f', /tv must be an object/);
  });
});

describe('struct linger codec (no socket)', () => {
  const LG = layout.linger;

  it('lies as layout.linger says: two ints in host byte order', () => {
    expect(LG.size).toBe(sizeof.linger);
    expect(LG.l_onoff.size).toBe(4);
    expect(LG.l_linger.size).toBe(4);
    const m = fixture(LG.size + 2);
    expect(store_linger(m.view, 1, { l_onoff: 1, l_linger: -7 })).toBe(LG.size);
    expect(hex(m.bytes.subarray(1 + LG.l_onoff.offset, 1 + LG.l_onoff.offset + 4))).toBe(
      hostHex(1, 4),
    );
    expect(hex(m.bytes.subarray(1 + LG.l_linger.offset, 1 + LG.l_linger.offset + 4))).toBe(
      hostHex(-7, 4),
    );
    expect(m.bytes[0]).toBe(0xee);
    expect(m.bytes[1 + LG.size]).toBe(0xee);
    expect(load_linger(m.view, 1)).toEqual({ l_onoff: 1, l_linger: -7 });
    expectArgError(
      () => check_linger({ l_onoff: 1 }, 'f', 'lg'),
      TypeError,
      'f',
      /lg\.l_linger must be an integer, got undefined/,
    );
  });
});

describe('setsockopt and getsockopt, bsd-sockets/c', () => {
  it('an int as a number or a box, with optlen as C passes it', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    set_errno(0);
    expect(c.setsockopt(fd, IPPROTO_IP, IP_TTL, 21, sizeof.int)).toBe(0);
    const ttl = { value: 0 };
    const len = { value: sizeof.int };
    expect(c.getsockopt(fd, IPPROTO_IP, IP_TTL, ttl, len)).toBe(0);
    expect(ttl.value).toBe(21);
    expect(len.value).toBe(4);
    // A call that succeeds leaves errno as it was, as in C.
    expect(get_errno()).toBe(0);
    expect(c.setsockopt(fd, IPPROTO_IP, IP_TTL, 22)).toBe(0);
    expect(getsockopt(fd, IPPROTO_IP, IP_TTL)).toBe(22);
  });

  it('a timeval and a linger, filled by the kernel; an empty object is filled as the option’s type', () => {
    const fd = sockets.open(AF_INET, SOCK_STREAM);
    expect(
      c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 4, tv_usec: 0 }, sizeof.timeval),
    ).toBe(0);
    const tv = { tv_sec: -1, tv_usec: -1 };
    const len = { value: sizeof.timeval };
    expect(c.getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, len)).toBe(0);
    expect(tv).toEqual({ tv_sec: 4, tv_usec: 0 });
    expect(len.value).toBe(sizeof.timeval);

    expect(c.setsockopt(fd, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 3 })).toBe(0);
    const lg = {} as { l_onoff: number; l_linger: number };
    len.value = sizeof.linger;
    expect(c.getsockopt(fd, SOL_SOCKET, SO_LINGER, lg, len)).toBe(0);
    expect(lg).toEqual({ l_onoff: 1, l_linger: 3 });
  });

  it('raw bytes: the kernel writes at most *optlen and says how much it wrote', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    const out = new Uint8Array(16).fill(0xee);
    const len = { value: 16 };
    expect(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, out, len)).toBe(0);
    expect(len.value).toBe(4);
    expect(hex(out.subarray(0, 4))).toBe(hostHex(SOCK_DGRAM, 4));
    expect(out[4]).toBe(0xee);
    expectArgError(
      () => c.getsockopt(fd, SOL_SOCKET, SO_TYPE, new Uint8Array(2), { value: 4 }),
      RangeError,
      'getsockopt',
      /optlen\.value \(4\) exceeds the 2 bytes of optval/,
    );
    expectArgError(
      () => c.getsockopt(fd, SOL_SOCKET, SO_TYPE, { value: 0 }, { value: 8 }),
      RangeError,
      'getsockopt',
      /optlen\.value \(8\) exceeds the 4 bytes of optval/,
    );
    expectArgError(
      () => c.setsockopt(fd, IPPROTO_IP, IP_TTL, 1, 8),
      RangeError,
      'setsockopt',
      /optlen \(8\) exceeds sizeof int \(4\)/,
    );
  });

  it('a value of another C type reaches the kernel as in C (the root entry refuses it)', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    // setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &tv, sizeof tv): the kernel reads an int.
    expect(c.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, { tv_sec: 1, tv_usec: 0 })).toBe(0);
    expect(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR)).toBe(little ? 1 : 0);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, { tv_sec: 1, tv_usec: 0 })).toThrow(
      TypeError,
    );
    // Raw bytes shorter than a timeval: the kernel's EINVAL here, a RangeError at the root.
    expectC(c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new Uint8Array(8)), EINVAL);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('the errno of each failure, through both entries', () => {
  function closedFd(): number {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    sockets.close(fd);
    return fd;
  }

  it('ENOPROTOOPT: an unknown option', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectC(c.setsockopt(fd, SOL_SOCKET, 12345, 1), ENOPROTOOPT);
    expectErrno(() => setsockopt(fd, SOL_SOCKET, 12345, 1), 'ENOPROTOOPT', 'setsockopt');
    expectC(c.getsockopt(fd, SOL_SOCKET, 12345, { value: 0 }, { value: 4 }), ENOPROTOOPT);
    expectErrno(() => getsockopt(fd, SOL_SOCKET, 12345), 'ENOPROTOOPT', 'getsockopt');
  });

  it('EOPNOTSUPP: reading a TCP option on a UDP socket (setting it: ENOPROTOOPT)', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectC(c.getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, { value: 0 }, { value: 4 }), EOPNOTSUPP);
    expectErrno(() => getsockopt(fd, IPPROTO_TCP, TCP_NODELAY), 'EOPNOTSUPP', 'getsockopt');
    expectC(c.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, 1), ENOPROTOOPT);
    expectErrno(() => setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, 1), 'ENOPROTOOPT', 'setsockopt');
  });

  it('EBADF: a closed fd, and -1 as in C', () => {
    const fd = closedFd();
    for (const bad of [fd, -1]) {
      expectC(c.setsockopt(bad, SOL_SOCKET, SO_REUSEADDR, 1), EBADF);
      expectErrno(() => setsockopt(bad, SOL_SOCKET, SO_REUSEADDR, 1), 'EBADF', 'setsockopt');
      expectC(c.getsockopt(bad, SOL_SOCKET, SO_TYPE, { value: 0 }, { value: 4 }), EBADF);
      expectErrno(() => getsockopt(bad, SOL_SOCKET, SO_TYPE), 'EBADF', 'getsockopt');
    }
  });

  it('ENOTSOCK: a file', () => {
    const file = path.join(os.tmpdir(), `bsd-sockets-c-sockopt-${process.pid}`);
    const fd = fs.openSync(file, 'w');
    try {
      expectC(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, { value: 0 }, { value: 4 }), ENOTSOCK);
      expectErrno(() => getsockopt(fd, SOL_SOCKET, SO_TYPE), 'ENOTSOCK', 'getsockopt');
      expectC(c.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1), ENOTSOCK);
      expectErrno(() => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1), 'ENOTSOCK', 'setsockopt');
    } finally {
      fs.closeSync(fd);
      fs.rmSync(file);
    }
  });

  it('EINVAL: an optlen shorter than an int', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectC(c.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, 2), EINVAL);
    expectErrno(
      () => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new Uint8Array(2)),
      'EINVAL',
      'setsockopt',
    );
  });

  it('EDOM: a tv_usec of a second or more', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    const tv = { tv_sec: 0, tv_usec: 1_000_000 };
    expectC(c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv), EDOM);
    expectErrno(() => setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv), 'EDOM', 'setsockopt');
  });

  it('EFAULT: NULL where the kernel needs memory (C only: the root entry has no NULL)', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectC(c.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, null, 4), EFAULT);
    expectC(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, { value: 0 }, null), EFAULT);
    expectC(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, null, { value: 4 }), EFAULT);
  });

  it('a failed getsockopt leaves optval and optlen as they were', () => {
    const fd = closedFd();
    const box = { value: 7 };
    const len = { value: 4 };
    expectC(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, box, len), EBADF);
    expect(box.value).toBe(7);
    expect(len.value).toBe(4);
  });
});
