/**
 * Waiting for several file descriptors at once, the older way: select and its fd_set.
 * See select(2).
 *
 * Blocks the thread (and so the event loop) as in C. fd_set holds FD_SETSIZE (1024) bits:
 * a descriptor of 1024 or more cannot be put in one (glibc aborts the C program with "bit
 * out of range"; here FD_SET throws a RangeError) — poll has no such limit.
 */
import { native } from './binding';
import { FD_SETSIZE } from './constants';
import type { timeval } from './sockopt';

/**
 * fd_set: FD_SETSIZE bits, fd `n` being bit `n % 8` of `fds_bits[n >> 3]` (glibc's own
 * layout on a little-endian machine). The addon copies it into a real `fd_set` for the
 * call and copies the kernel's answer back. A new set is empty, as after FD_ZERO.
 */
export class fd_set {
  readonly fds_bits: Uint8Array = new Uint8Array(FD_SETSIZE / 8);
}

function checkFd(fn: string, fd: number): void {
  if (!Number.isInteger(fd) || fd < 0 || fd >= FD_SETSIZE) {
    throw new RangeError(
      `${fn}: fd must be an integer in [0, FD_SETSIZE = ${FD_SETSIZE}), got ${fd}`,
    );
  }
}

/** `void FD_ZERO(fd_set *set);` — empties the set. */
export function FD_ZERO(set: fd_set): void {
  set.fds_bits.fill(0);
}

/** `void FD_SET(int fd, fd_set *set);` — adds `fd`. RangeError outside [0, FD_SETSIZE). */
export function FD_SET(fd: number, set: fd_set): void {
  checkFd('FD_SET', fd);
  set.fds_bits[fd >> 3] |= 1 << (fd & 7);
}

/** `void FD_CLR(int fd, fd_set *set);` — removes `fd`. RangeError outside [0, FD_SETSIZE). */
export function FD_CLR(fd: number, set: fd_set): void {
  checkFd('FD_CLR', fd);
  set.fds_bits[fd >> 3] &= ~(1 << (fd & 7));
}

/**
 * `int FD_ISSET(int fd, fd_set *set);` — whether `fd` is in the set (C returns a non-zero
 * int; here a boolean). RangeError outside [0, FD_SETSIZE).
 */
export function FD_ISSET(fd: number, set: fd_set): boolean {
  checkFd('FD_ISSET', fd);
  return (set.fds_bits[fd >> 3] & (1 << (fd & 7))) !== 0;
}

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
export const select: (
  nfds: number,
  readfds: fd_set | null,
  writefds: fd_set | null,
  exceptfds: fd_set | null,
  timeout: timeval | null,
) => number = native.select;
