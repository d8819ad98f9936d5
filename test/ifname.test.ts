// if_nametoindex and if_indextoname: the kernel's own numbering (/sys/class/net/*/ifindex),
// C's convention in bsd-sockets/c (0 or NULL, and errno), the throwing root entry, and
// bad arguments.
import * as fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { native } from '../src/binding';
import * as c from '../src/c/ifname';
import { ENODEV, ENXIO, IF_NAMESIZE, if_indextoname, if_nametoindex } from '../src/index';
import { get_errno, set_errno } from '../src/scratch';
import { expectArgError, expectErrno } from './helpers/expect-error';

describe('if_nametoindex / if_indextoname', () => {
  it('agree with /sys/class/net for every interface', () => {
    for (const name of fs.readdirSync('/sys/class/net')) {
      const index = Number(fs.readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8'));
      expect(if_nametoindex(name)).toBe(index);
      expect(if_indextoname(index)).toBe(name);
      const buf = new Uint8Array(IF_NAMESIZE).fill(0xff);
      expect(c.if_indextoname(index, buf)).toBe(name);
      expect(buf[name.length]).toBe(0);
    }
  });

  it('return 0 or null with errno in C convention, and throw in the root entry', () => {
    set_errno(0);
    expect(c.if_nametoindex('no-such-if0')).toBe(0);
    expect(get_errno()).toBe(ENODEV);
    set_errno(0);
    expect(c.if_indextoname(0x7fffffff)).toBeNull();
    expect(get_errno()).toBe(ENXIO);
    expectErrno(() => if_nametoindex('no-such-if0'), 'ENODEV', 'if_nametoindex');
    expectErrno(() => if_indextoname(0x7fffffff), 'ENXIO', 'if_indextoname');
  });

  it('reject what C could not be given', () => {
    expectArgError(
      () => if_nametoindex(3 as unknown as string),
      TypeError,
      'if_nametoindex',
      /ifname must be a string/,
    );
    expectArgError(() => if_nametoindex('l\0o'), TypeError, 'if_nametoindex', /NUL/);
    expectArgError(() => if_indextoname(-1), RangeError, 'if_indextoname', /ifindex/);
    expectArgError(
      () => if_indextoname(1, new Uint8Array(IF_NAMESIZE - 1)),
      RangeError,
      'if_indextoname',
      /IF_NAMESIZE/,
    );
    expectArgError(
      () => if_indextoname(1, [] as unknown as Uint8Array),
      TypeError,
      'if_indextoname',
      /ifname/,
    );
  });
});

describe('the native entry given an empty or detached view', () => {
  // TS always passes a NUL-terminated name; the binding itself must not call
  // memchr(NULL, 0, 0) (undefined behaviour: UBSan's nonnull-attribute) for a view with no
  // data pointer.
  const binding = native as unknown as { if_nametoindex(name: Uint8Array): number };

  it('a zero-length view: RangeError, no terminating NUL', () => {
    expect(() => binding.if_nametoindex(new Uint8Array(0))).toThrow(
      new RangeError('if_nametoindex: argument 1 (ifname) has no terminating NUL byte'),
    );
  });

  it('a detached view: RangeError, no terminating NUL', () => {
    const bytes = new Uint8Array(Buffer.from('lo\0'));
    structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] });
    expect(() => binding.if_nametoindex(bytes)).toThrow(
      new RangeError('if_nametoindex: argument 1 (ifname) has no terminating NUL byte'),
    );
  });
});
