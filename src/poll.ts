/**
 * Waiting for several file descriptors at once: poll. See poll(2).
 *
 * Blocks the thread (and so the event loop) up to `timeout` milliseconds, as in C; the
 * promise version in `bsd-sockets/promises` waits in the event loop instead.
 */
import { native } from './binding';

/**
 * struct pollfd { int fd; short events; short revents; };
 *
 * `events` is a mask of `POLLIN`, `POLLOUT`, `POLLPRI`…; `revents` is written by `poll`
 * (into this very object) with what happened, `POLLERR`, `POLLHUP` and `POLLNVAL`
 * included. A negative `fd` is ignored and gets `revents` 0.
 */
export interface pollfd {
  fd: number;
  events: number;
  revents: number;
}

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` — poll(2)
 *
 * `nfds` is `fds.length`: pass the entries in use (`fds.slice(0, nfds)` keeps the same
 * objects, so their `revents` are still written). Returns the number of entries whose
 * `revents` is non-zero, 0 on timeout. `timeout` is in milliseconds, -1 for none.
 * Throws `EINTR` when a signal interrupts the wait, `EINVAL` when `nfds` exceeds
 * RLIMIT_NOFILE.
 */
export const poll: (fds: pollfd[], timeout: number) => number = native.poll;
