/**
 * File descriptor flags: fcntl, for O_NONBLOCK (F_GETFL/F_SETFL) and FD_CLOEXEC
 * (F_GETFD/F_SETFD). See fcntl(2).
 *
 * The call of `bsd-sockets/c` (src/c/fcntl.ts), throwing an `ErrnoError` where C returns -1.
 */
import * as c from './c/fcntl';
import { checked } from './errno';

/**
 * `int fcntl(int fd, int cmd, ... /* int arg *\/);` — fcntl(2)
 *
 * Only the commands whose argument is an int or nothing: `F_GETFL` and `F_GETFD` return
 * the flags (`arg` is accepted and ignored, as the kernel does with
 * `fcntl(s, F_GETFL, 0)`); `F_SETFL` and `F_SETFD` set them from `arg` and return 0. Any
 * other `cmd` is a RangeError. The usual way to make a socket non-blocking:
 * `fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)`.
 */
export function fcntl(fd: number, cmd: number, arg?: number): number {
  return checked(c.fcntl(fd, cmd, arg), 'fcntl');
}
