/**
 * poll — in C's convention: -1 and errno on failure.
 *
 * The entries are encoded into an array of struct pollfd (src/struct/pollfd.ts) that the
 * kernel reads and writes; their `revents` are read back into the caller's objects.
 * Blocks the thread (and so the event loop) up to `timeout` milliseconds, as in C; the
 * promise version in `bsd-sockets/promises` waits in the event loop instead.
 */
import { native } from '../binding';
import * as check from '../args';
import { get_errno, set_errno } from '../scratch';
import { decode_revents, encode_pollfds, release, type pollfd } from '../struct/pollfd';

export type { pollfd } from '../struct/pollfd';

const call = native as unknown as {
  poll(fds: Uint8Array | null, nfds: number, timeout: number): number;
};

/**
 * The array and its length, checked: `nfds` entries of `fds`, at most `fds.length` of them
 * (C would read past the array).
 */
export function pollArgs(fn: string, fds: unknown, nfds: unknown): number {
  if (!Array.isArray(fds)) {
    if ((fds === null || fds === undefined) && nfds === 0) return 0;
    throw new TypeError(
      `${fn}: fds must be an array of { fd, events, revents }, got ${check.describe(fds)}`,
    );
  }
  if (nfds === fds.length) return nfds;
  return check.uint(nfds, fn, 'nfds', fds.length);
}

/** poll once the arguments are checked: `count` entries of `fds`. */
export function pollChecked(
  fn: string,
  fds: readonly unknown[] | null | undefined,
  count: number,
  timeout: number,
): number {
  const ms = check.int(timeout, fn, 'timeout');
  if (count === 0 || !fds) return call.poll(null, 0, ms);
  const array = encode_pollfds(fds, count, fn);
  const ret = call.poll(array.bytes, count, ms);
  if (ret >= 0) {
    // Writing revents can run setters, which can make calls: errno is kept.
    const errno = get_errno();
    decode_revents(fds, count, array);
    set_errno(errno);
  }
  release(array);
  return ret;
}

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` — poll(2)
 *
 * The first `nfds` entries of `fds` are polled (`nfds` at most `fds.length`; `null` with
 * `nfds` 0 is `poll(NULL, 0, ms)`, a sleep). Each `revents` is written into its object.
 * Returns the number of entries whose `revents` is non-zero, 0 on timeout, or -1 with
 * errno (`EINTR` when a signal interrupts the wait, `EINVAL` when `nfds` exceeds
 * RLIMIT_NOFILE). `timeout` is in milliseconds, -1 for none.
 */
export function poll(fds: pollfd[] | null, nfds: number, timeout: number): number {
  const count = pollArgs('poll', fds, nfds);
  return pollChecked('poll', fds, count, timeout);
}
