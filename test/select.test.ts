// select(2) and fd_set: FD_ZERO/FD_SET/FD_CLR/FD_ISSET, readiness, the Linux timeout
// update, errors.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_UNIX,
  FD_CLR,
  FD_ISSET,
  FD_SET,
  FD_SETSIZE,
  FD_ZERO,
  SOCK_STREAM,
  close,
  fd_set,
  select,
  socketpair,
  write,
  type timeval,
} from '../src/index';
import { OpenSockets } from './helpers/addresses';
import { expectArgError, expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('fd_set', () => {
  it('is FD_SETSIZE bits, empty when made, set and cleared one fd at a time', () => {
    expect(FD_SETSIZE).toBe(1024);
    const set = new fd_set();
    expect(set.fds_bits.length).toBe(FD_SETSIZE / 8);
    expect(FD_ISSET(0, set)).toBe(false);
    FD_SET(0, set);
    FD_SET(9, set);
    FD_SET(1023, set);
    expect([...set.fds_bits.slice(0, 2)]).toEqual([0b1, 0b10]);
    expect(set.fds_bits[127]).toBe(0x80);
    expect(FD_ISSET(9, set)).toBe(true);
    FD_CLR(9, set);
    expect(FD_ISSET(9, set)).toBe(false);
    expect(FD_ISSET(0, set)).toBe(true);
    FD_ZERO(set);
    expect(set.fds_bits.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses descriptors outside [0, FD_SETSIZE), where glibc aborts the C program', () => {
    const set = new fd_set();
    expectArgError(
      () => FD_SET(1024, set),
      RangeError,
      'FD_SET',
      /\[0, FD_SETSIZE = 1024\), got 1024/,
    );
    expectArgError(() => FD_CLR(-1, set), RangeError, 'FD_CLR', /got -1/);
    expectArgError(() => FD_ISSET(1.5, set), RangeError, 'FD_ISSET', /got 1.5/);
  });
});

describe('select', () => {
  it('keeps in each set only the ready descriptors', () => {
    const [a, b] = sockets.pair();
    const readfds = new fd_set();
    const writefds = new fd_set();
    FD_SET(a, readfds);
    FD_SET(b, readfds);
    FD_SET(a, writefds);
    const nfds = Math.max(a, b) + 1;
    expect(select(nfds, readfds, writefds, null, { tv_sec: 0, tv_usec: 0 })).toBe(1);
    expect(FD_ISSET(a, readfds) || FD_ISSET(b, readfds)).toBe(false);
    expect(FD_ISSET(a, writefds)).toBe(true);

    expect(write(b, Uint8Array.of(42), 1)).toBe(1);
    FD_SET(a, readfds);
    FD_SET(b, readfds);
    expect(select(nfds, readfds, null, null, null)).toBe(1);
    expect(FD_ISSET(a, readfds)).toBe(true);
    expect(FD_ISSET(b, readfds)).toBe(false);
  });

  it('writes the time not slept into timeout, as Linux does (POSIX leaves it unspecified)', () => {
    const [a] = sockets.pair();
    const readfds = new fd_set();
    FD_SET(a, readfds);
    const timeout: timeval = { tv_sec: 0, tv_usec: 40_000 };
    const started = performance.now();
    expect(select(a + 1, readfds, null, null, timeout)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(timeout).toEqual({ tv_sec: 0, tv_usec: 0 });
    expect(FD_ISSET(a, readfds)).toBe(false);

    const [c, d] = sockets.pair();
    write(d, Uint8Array.of(1), 1);
    const readable = new fd_set();
    FD_SET(c, readable);
    const long: timeval = { tv_sec: 5, tv_usec: 0 };
    expect(select(c + 1, readable, null, null, long)).toBe(1);
    // Returned at once: nearly all of the 5 s are left.
    expect(long.tv_sec * 1e6 + long.tv_usec).toBeGreaterThan(4_000_000);
  });

  it('fails with EBADF on a closed descriptor and leaves the sets as they were', () => {
    const [a] = sockets.pair();
    const [c, d] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    close(c);
    close(d);
    const readfds = new fd_set();
    FD_SET(a, readfds);
    FD_SET(c, readfds);
    const before = readfds.fds_bits.slice();
    expectErrno(() => select(Math.max(a, c) + 1, readfds, null, null, null), 'EBADF', 'select');
    expect(readfds.fds_bits).toEqual(before);
  });

  it('gives a negative nfds to the kernel (EINVAL) and refuses one beyond FD_SETSIZE', () => {
    expectErrno(() => select(-1, null, null, null, { tv_sec: 0, tv_usec: 0 }), 'EINVAL', 'select');
    expectErrno(() => select(0, null, null, null, { tv_sec: -1, tv_usec: 0 }), 'EINVAL', 'select');
    expectArgError(
      () => select(1025, null, null, null, null),
      RangeError,
      'select',
      /nfds \(1025\) exceeds FD_SETSIZE \(1024\)/,
    );
  });

  it('copies the sets after the getters have run: a set detached by one is refused', () => {
    const [a] = sockets.pair();
    const readfds = new fd_set();
    FD_SET(a, readfds);
    const timeout = {
      tv_sec: 0,
      get tv_usec(): number {
        structuredClone(readfds.fds_bits.buffer, {
          transfer: [readfds.fds_bits.buffer as ArrayBuffer],
        });
        return 0;
      },
    };
    expectArgError(
      () => select(a + 1, readfds, null, null, timeout),
      RangeError,
      'select',
      /readfds\.fds_bits must hold FD_SETSIZE \/ 8 = 128 bytes, got 0/,
    );
  });

  it('checks the sets and the timeout before the call', () => {
    expectArgError(
      () => select(1, {} as fd_set, null, null, null),
      TypeError,
      'select',
      /readfds\.fds_bits must be a Uint8Array/,
    );
    const short = { fds_bits: new Uint8Array(8) } as fd_set;
    expectArgError(
      () => select(1, null, short, null, null),
      RangeError,
      'select',
      /writefds\.fds_bits must hold FD_SETSIZE \/ 8 = 128 bytes, got 8/,
    );
    expectArgError(
      () => select(1, null, null, 5 as unknown as fd_set, null),
      TypeError,
      'select',
      /exceptfds must be an fd_set or null/,
    );
    expectArgError(
      () => select(1, null, null, null, { tv_sec: 0 } as timeval),
      TypeError,
      'select',
      /timeout\.tv_usec must be an integer/,
    );
  });
});
