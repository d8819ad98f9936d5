/**
 * Waiting for several file descriptors at once: poll. See poll(2).
 *
 * The call of `bsd-sockets/c` (src/c/poll.ts), throwing an `ErrnoError` where C returns -1;
 * `nfds` is `fds.length`. Blocks the thread (and so the event loop) up to `timeout`
 * milliseconds, as in C; the promise version in `bsd-sockets/promises` waits in the event
 * loop instead.
 */
import { pollArgs, pollChecked } from './c/poll';
import { checked } from './errno';
import type { pollfd } from './struct/pollfd';

/**
 * struct pollfd { int fd; short events; short revents; } (src/struct/pollfd.ts)
 *
 * `events` is a mask of `POLLIN`, `POLLOUT`, `POLLPRI`…; `revents` is written by `poll`
 * (into this very object) with what happened, `POLLERR`, `POLLHUP` and `POLLNVAL`
 * included. A negative `fd` is ignored and gets `revents` 0.
 */
export type { pollfd } from './struct/pollfd';

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` — poll(2)
 *
 * `nfds` is `fds.length`: pass the entries in use (`fds.slice(0, nfds)` keeps the same
 * objects, so their `revents` are still written). Returns the number of entries whose
 * `revents` is non-zero, 0 on timeout. `timeout` is in milliseconds, -1 for none.
 * Throws `EINTR` when a signal interrupts the wait, `EINVAL` when `nfds` exceeds
 * RLIMIT_NOFILE.
 */
export function poll(fds: pollfd[], timeout: number): number {
  const count = pollArgs('poll', fds, Array.isArray(fds) ? fds.length : undefined);
  return checked(pollChecked('poll', fds, count, timeout), 'poll');
}
