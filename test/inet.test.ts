// inet_pton, inet_ntop, inet_aton, inet_ntoa, inet_addr: the C library's conversions, corner
// cases included. See inet_pton(3), inet(3).
import { describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  INADDR_BROADCAST,
  INADDR_LOOPBACK,
  INADDR_NONE,
  INET6_ADDRSTRLEN,
  INET_ADDRSTRLEN,
  as_in6_addr,
  as_in_addr,
  htonl,
  inet_addr,
  inet_aton,
  inet_ntoa,
  inet_ntop,
  inet_pton,
  type in6_addr,
  type in_addr,
} from '../src/index';
import { mappedLoopback } from './helpers/addresses';
import { expectErrno } from './helpers/expect-error';

/** The text inet_aton makes of `cp`, or null when it refuses it. */
function aton(cp: string): string | null {
  const inp: in_addr = { s_addr: 0 };
  return inet_aton(cp, inp) === 1 ? inet_ntoa(inp) : null;
}

describe('inet_pton', () => {
  it('fills s_addr in network byte order and returns 1', () => {
    const dst: in_addr = { s_addr: 0 };
    expect(inet_pton(AF_INET, '127.0.0.1', dst)).toBe(1);
    expect(dst.s_addr).toBe(htonl(INADDR_LOOPBACK));
    const bytes = new Uint8Array(4);
    expect(inet_pton(AF_INET, '192.0.2.33', bytes)).toBe(1);
    expect(bytes).toEqual(Uint8Array.from([192, 0, 2, 33]));
  });

  it('refuses what is not four decimal numbers (returns 0, dst untouched)', () => {
    for (const text of ['1.2.3', '1', '0x7f.0.0.1', '1.2.3.256', '1.2.3.4.5', '1.2.3.4 ', '']) {
      const dst: in_addr = { s_addr: 42 };
      expect(inet_pton(AF_INET, text, dst), text).toBe(0);
      expect(dst.s_addr).toBe(42);
    }
  });

  it('refuses leading zeros, which inet_aton reads as octal', () => {
    // glibc's inet_pton refuses "01" outright; inet_pton(3) only says "ddd.ddd.ddd.ddd".
    expect(inet_pton(AF_INET, '01.2.3.4', { s_addr: 0 })).toBe(0);
    expect(aton('01.2.3.4')).toBe('1.2.3.4');
    expect(aton('010.2.3.4')).toBe('8.2.3.4');
  });

  it('IPv6: ::1, ::, and the IPv4-mapped ::ffff:1.2.3.4', () => {
    const dst = {} as in6_addr;
    expect(inet_pton(AF_INET6, '::ffff:127.0.0.1', dst)).toBe(1);
    expect(dst.s6_addr).toEqual(mappedLoopback());
    expect(inet_pton(AF_INET6, '::ffff:1.2.3.4', dst)).toBe(1);
    expect(dst.s6_addr).toEqual(
      Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]),
    );
    expect(inet_pton(AF_INET6, '::', dst)).toBe(1);
    expect(dst.s6_addr).toEqual(new Uint8Array(16));
    for (const text of ['1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%lo', '1.2.3.4']) {
      expect(inet_pton(AF_INET6, text, dst), text).toBe(0);
    }
  });

  it('an unknown family fails with EAFNOSUPPORT (C returns -1)', () => {
    expectErrno(() => inet_pton(12345, '1.2.3.4', { s_addr: 0 }), 'EAFNOSUPPORT', 'inet_pton');
  });
});

describe('inet_ntop', () => {
  it('prints in_addr, in6_addr and bytes, in the canonical forms', () => {
    expect(inet_ntop(AF_INET, { s_addr: htonl(INADDR_LOOPBACK) })).toBe('127.0.0.1');
    expect(inet_ntop(AF_INET, Uint8Array.from([10, 0, 0, 1]))).toBe('10.0.0.1');
    const dst = {} as in6_addr;
    inet_pton(AF_INET6, '0:0:0:0:0:0:0:1', dst);
    expect(inet_ntop(AF_INET6, dst)).toBe('::1');
    inet_pton(AF_INET6, '::FFFF:1.2.3.4', dst);
    expect(inet_ntop(AF_INET6, dst)).toBe('::ffff:1.2.3.4');
  });

  it('a buffer too small for the text fails with ENOSPC, as C does', () => {
    expect(INET_ADDRSTRLEN).toBe(16);
    expect(INET6_ADDRSTRLEN).toBe(46);
    const broadcast = { s_addr: htonl(INADDR_BROADCAST) };
    expect(inet_ntop(AF_INET, broadcast, INET_ADDRSTRLEN)).toBe('255.255.255.255');
    expectErrno(() => inet_ntop(AF_INET, broadcast, INET_ADDRSTRLEN - 1), 'ENOSPC', 'inet_ntop');
  });

  it('an unknown family fails with EAFNOSUPPORT', () => {
    expectErrno(() => inet_ntop(12345, new Uint8Array(16)), 'EAFNOSUPPORT', 'inet_ntop');
  });
});

describe('inet_aton and inet_ntoa', () => {
  it('inet_aton accepts the old shorthand forms inet_pton refuses', () => {
    // inet(3): "a.b.c" puts c in the last 16 bits, "a.b" b in the last 24, "a" is 32 bits.
    expect(aton('1.2.3')).toBe('1.2.0.3');
    expect(aton('1.2')).toBe('1.0.0.2');
    expect(aton('0x7f000001')).toBe('127.0.0.1');
    expect(aton('0x7f.1')).toBe('127.0.0.1');
    expect(aton('4294967295')).toBe('255.255.255.255');
  });

  it('returns 0 and leaves s_addr alone for what is not an address', () => {
    for (const text of ['1.2.3.256', '1.2.3.4.5', 'localhost', '']) {
      const inp: in_addr = { s_addr: 7 };
      expect(inet_aton(text, inp), text).toBe(0);
      expect(inp.s_addr).toBe(7);
    }
  });

  it('inet_ntoa reads an in_addr or its 4 bytes', () => {
    expect(inet_ntoa({ s_addr: htonl(0xc0000221) })).toBe('192.0.2.33');
    expect(inet_ntoa(Uint8Array.from([192, 0, 2, 33]))).toBe('192.0.2.33');
  });
});

describe('inet_addr', () => {
  it('returns network byte order, and INADDR_NONE for invalid text', () => {
    expect(inet_addr('127.0.0.1')).toBe(htonl(INADDR_LOOPBACK));
    expect(inet_addr('1.2.3')).toBe(htonl(0x01020003));
    expect(inet_addr('not an address')).toBe(INADDR_NONE);
  });

  it('cannot tell 255.255.255.255 from an error: both are INADDR_NONE (0xffffffff)', () => {
    expect(INADDR_NONE).toBe(0xffffffff);
    expect(inet_addr('255.255.255.255')).toBe(INADDR_NONE);
    expect(inet_addr('1.2.3.256')).toBe(INADDR_NONE);
  });
});

describe('as_in_addr and as_in6_addr, the casts of h_addr-style bytes', () => {
  it('read network-order bytes into the structs inet_ntop prints', () => {
    const v4 = Uint8Array.from([192, 0, 2, 33, 99]); // bytes past the address are ignored
    expect(as_in_addr(v4)).toEqual({ s_addr: htonl(0xc0000221) });
    const bytes = mappedLoopback();
    const v6 = as_in6_addr(bytes);
    expect(inet_ntop(AF_INET6, v6)).toBe('::ffff:127.0.0.1');
    // A copy, as assigning the struct is in C: later changes to the bytes do not show.
    bytes[15] = 2;
    expect(v6.s6_addr[15]).toBe(1);
  });
});
