/**
 * Waiting for several file descriptors at once, the older way: select and its fd_set.
 * See select(2).
 *
 * The call of `bsd-sockets/c` (src/c/select.ts), throwing an `ErrnoError` where C returns
 * -1. Blocks the thread (and so the event loop) as in C. fd_set holds FD_SETSIZE (1024)
 * bits: a descriptor of 1024 or more cannot be put in one (glibc aborts the C program with
 * "bit out of range"; here FD_SET throws a RangeError) — poll has no such limit.
 */
import * as c from './c/select';
import { checked } from './errno';
import type { fd_set } from './struct/fd_set';
import type { timeval } from './struct/timeval';

/**
 * fd_set: FD_SETSIZE bits in glibc's layout, `fds_bits` its bytes (src/struct/fd_set.ts).
 * A new set is empty, as after FD_ZERO. FD_ZERO, FD_SET, FD_CLR and FD_ISSET are C's
 * macros; FD_SET, FD_CLR and FD_ISSET throw a RangeError outside [0, FD_SETSIZE).
 */
export { FD_CLR, FD_ISSET, FD_SET, FD_ZERO, fd_set } from './struct/fd_set';

/**
 * `int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
 *             struct timeval *timeout);` — select(2)
 *
 * `nfds` is the highest fd plus one (at most FD_SETSIZE, else a RangeError). Each set is an
 * `fd_set` or `null` (C's NULL); on return it holds only the ready descriptors. `timeout`
 * is `{ tv_sec, tv_usec }` or `null` to wait without limit; as on Linux (not POSIX), it is
 * updated with the time not slept. Returns the number of ready descriptors, 0 on timeout;
 * on failure (`EBADF`, `EINTR`, `EINVAL`) the sets are left as they were.
 */
export function select(
  nfds: number,
  readfds: fd_set | null,
  writefds: fd_set | null,
  exceptfds: fd_set | null,
  timeout: timeval | null,
): number {
  return checked(c.select(nfds, readfds, writefds, exceptfds, timeout), 'select');
}
