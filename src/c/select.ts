/**
 * select, and fd_set with FD_ZERO, FD_SET, FD_CLR, FD_ISSET — in C's convention: -1 and
 * errno on failure.
 *
 * The sets are copied, byte for byte, into the fd_sets of the scratch memory that native
 * passes to the kernel (src/struct/fd_set.ts: the same layout as glibc's), and copied back
 * after a successful call; the timeout is encoded as a struct timeval and, as Linux writes
 * the time not slept into it, decoded back into the caller's object. Blocks the thread
 * (and so the event loop) as in C.
 */
import { native } from '../binding';
import * as check from '../args';
import { Scratch } from '../layout';
import { get_errno, scratchBytes, scratchView, set_errno } from '../scratch';
import { FD_SETSIZE, check_fd_set_size, fd_set, fd_set_bits } from '../struct/fd_set';
import {
  assign_timeval,
  check_timeval,
  load_timeval,
  store_timeval,
  type timeval,
} from '../struct/timeval';

export { FD_CLR, FD_ISSET, FD_SET, FD_SETSIZE, FD_ZERO, NFDBITS, fd_set } from '../struct/fd_set';
export type { timeval } from '../struct/timeval';

const call = native as unknown as {
  select(
    nfds: number,
    readfds: number,
    writefds: number,
    exceptfds: number,
    timeout: number,
  ): number;
};

const SETS = [Scratch.readfds.offset, Scratch.writefds.offset, Scratch.exceptfds.offset];
const NAMES = ['readfds', 'writefds', 'exceptfds'];
const TIMEOUT = Scratch.timeout.offset;

/**
 * `int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
 *             struct timeval *timeout);` — select(2)
 *
 * `nfds` is the highest fd plus one (at most FD_SETSIZE, else a RangeError: the kernel
 * would read past the sets; a negative one reaches the kernel, EINVAL). Each set is an
 * `fd_set` or `null` (C's NULL); on return it holds only the ready descriptors. `timeout`
 * is `{ tv_sec, tv_usec }` or `null` to wait without limit; as on Linux (not POSIX), it is
 * updated with the time not slept, on failure too. Returns the number of ready
 * descriptors, 0 on timeout, or -1 with errno (`EBADF`, `EINTR`, `EINVAL`), the sets then
 * left as they were.
 */
export function select(
  nfds: number,
  readfds: fd_set | null,
  writefds: fd_set | null,
  exceptfds: fd_set | null,
  timeout: timeval | null,
): number {
  const n = check.int(nfds, 'select', 'nfds');
  if (n > FD_SETSIZE) {
    throw new RangeError(`select: nfds (${n}) exceeds FD_SETSIZE (${FD_SETSIZE})`);
  }
  // Every argument is read (getters included) before anything is copied into the scratch.
  const tv =
    timeout === null || timeout === undefined ? null : check_timeval(timeout, 'select', 'timeout');
  const sets = [
    fd_set_bits(readfds, 'select', 'readfds'),
    fd_set_bits(writefds, 'select', 'writefds'),
    fd_set_bits(exceptfds, 'select', 'exceptfds'),
  ];
  for (let i = 0; i < 3; i++) {
    const bits = sets[i];
    if (bits) {
      // A later getter may have detached an earlier set.
      check_fd_set_size(bits, 'select', NAMES[i]);
      scratchBytes.set(bits, SETS[i]);
    }
  }
  if (tv) store_timeval(scratchView, TIMEOUT, tv);
  const ret = call.select(n, sets[0] ? 1 : 0, sets[1] ? 1 : 0, sets[2] ? 1 : 0, tv ? 1 : 0);
  if (ret >= 0) {
    for (let i = 0; i < 3; i++) {
      const bits = sets[i];
      if (bits) bits.set(scratchBytes.subarray(SETS[i], SETS[i] + check.byteLengthOf(bits)));
    }
  }
  if (tv) {
    // Setters can make calls: the timeout is read first, and errno kept.
    const errno = get_errno();
    // A sloppy store, as into every caller's object: a frozen timeval is left as it is.
    assign_timeval(timeout as timeval, load_timeval(scratchView, TIMEOUT));
    set_errno(errno);
  }
  return ret;
}
