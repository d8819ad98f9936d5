// select and fd_set through both entries (bsd-sockets/c: -1 and errno; root: ErrnoError),
// and the fd_set layout on byte fixtures: glibc's array of fd_mask words, bit fd % NFDBITS
// of word fd / NFDBITS, sizes from src/layout.ts.
import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/select';
import { EBADF, EINVAL, FD_SETSIZE as CONSTANT_FD_SETSIZE, select, write } from '../../src/index';
import { fd_mask, fd_set as FDS } from '../../src/layout';
import { get_errno, set_errno } from '../../src/scratch';
import { FD_ISSET, FD_SET, FD_SETSIZE, NFDBITS, fd_set } from '../../src/struct/fd_set';
import { OpenSockets } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Word `i` of fds_bits, read as C reads a fd_mask: host byte order. */
function word(set: fd_set, i: number): bigint {
  const view = new DataView(set.fds_bits.buffer, set.fds_bits.byteOffset);
  return fd_mask.size === 8
    ? view.getBigUint64(i * 8, little)
    : BigInt(view.getUint32(i * fd_mask.size, little));
}

describe('fd_set layout (no socket)', () => {
  it('FD_SETSIZE and NFDBITS come from sizeof(fd_set) and sizeof(fd_mask)', () => {
    expect(FD_SETSIZE).toBe(FDS.size * 8);
    expect(FD_SETSIZE).toBe(CONSTANT_FD_SETSIZE);
    expect(NFDBITS).toBe(fd_mask.size * 8);
    expect(FDS.fds_bits.offset).toBe(0);
    expect(FDS.fds_bits.size).toBe(FDS.size);
    expect(new fd_set().fds_bits.byteLength).toBe(FDS.size);
  });

  it.each([0, 1, 7, 8, 31, 32, 63, 64, 65, 1000, 1023])(
    'fd %i is bit fd %% NFDBITS of word fd / NFDBITS, and no other bit',
    (fd) => {
      const set = new fd_set();
      FD_SET(fd, set);
      const words = FDS.size / fd_mask.size;
      for (let i = 0; i < words; i++) {
        const expected = i === Math.floor(fd / NFDBITS) ? 1n << BigInt(fd % NFDBITS) : 0n;
        expect(word(set, i)).toBe(expected);
      }
      expect(FD_ISSET(fd, set)).toBe(true);
    },
  );

  it('reads a set written as glibc writes it', () => {
    const set = new fd_set();
    const view = new DataView(set.fds_bits.buffer);
    // FD_SET(70, &s) in C: word 1 (70 / 64) gets bit 6 on a 64-bit long.
    const w = Math.floor(70 / NFDBITS);
    if (fd_mask.size === 8) view.setBigUint64(w * 8, 1n << BigInt(70 % NFDBITS), little);
    else view.setUint32(w * 4, 1 << (70 % NFDBITS), little);
    expect(FD_ISSET(70, set)).toBe(true);
    expect(FD_ISSET(69, set)).toBe(false);
    expect(FD_ISSET(71, set)).toBe(false);
  });
});

describe('select, bsd-sockets/c', () => {
  it('keeps the ready descriptors; a success leaves errno as it was', () => {
    const [a, b] = sockets.pair();
    write(b, 'x', 1);
    const readfds = new c.fd_set();
    c.FD_SET(a, readfds);
    c.FD_SET(b, readfds);
    set_errno(0);
    expect(c.select(Math.max(a, b) + 1, readfds, null, null, { tv_sec: 0, tv_usec: 0 })).toBe(1);
    expect(c.FD_ISSET(a, readfds)).toBe(true);
    expect(c.FD_ISSET(b, readfds)).toBe(false);
    expect(get_errno()).toBe(0);
  });

  it('EBADF: a closed descriptor; the sets are left as they were; both entries', () => {
    const [a] = sockets.pair();
    const [x, y] = sockets.pair();
    sockets.close(x);
    sockets.close(y);
    const readfds = new c.fd_set();
    c.FD_SET(a, readfds);
    c.FD_SET(x, readfds);
    const before = readfds.fds_bits.slice();
    const nfds = Math.max(a, x) + 1;
    expect(c.select(nfds, readfds, null, null, { tv_sec: 0, tv_usec: 0 })).toBe(-1);
    expect(get_errno()).toBe(EBADF);
    expect(readfds.fds_bits).toEqual(before);
    set_errno(0);
    expectErrno(
      () => select(nfds, readfds, null, null, { tv_sec: 0, tv_usec: 0 }),
      'EBADF',
      'select',
    );
  });

  it('EINVAL: a negative nfds, a negative timeout; both entries', () => {
    for (const [nfds, timeout] of [
      [-1, { tv_sec: 0, tv_usec: 0 }],
      [0, { tv_sec: -1, tv_usec: 0 }],
    ] as const) {
      set_errno(0);
      expect(c.select(nfds, null, null, null, { ...timeout })).toBe(-1);
      expect(get_errno()).toBe(EINVAL);
      expectErrno(() => select(nfds, null, null, null, { ...timeout }), 'EINVAL', 'select');
    }
  });

  it('writes the time not slept into timeout', () => {
    const timeout = { tv_sec: 0, tv_usec: 20_000 };
    expect(c.select(0, null, null, null, timeout)).toBe(0);
    expect(timeout).toEqual({ tv_sec: 0, tv_usec: 0 });
  });

  it('refuses nfds beyond FD_SETSIZE and a set of the wrong size', () => {
    expectArgError(
      () => c.select(FD_SETSIZE + 1, null, null, null, null),
      RangeError,
      'select',
      /nfds \(1025\) exceeds FD_SETSIZE \(1024\)/,
    );
    expectArgError(
      () => c.select(1, { fds_bits: new Uint8Array(8) } as fd_set, null, null, null),
      RangeError,
      'select',
      /readfds\.fds_bits must hold FD_SETSIZE \/ 8 = 128 bytes, got 8/,
    );
  });
});
