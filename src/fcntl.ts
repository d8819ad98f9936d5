/**
 * File descriptor flags: fcntl, for O_NONBLOCK (F_GETFL/F_SETFL) and FD_CLOEXEC
 * (F_GETFD/F_SETFD). See fcntl(2).
 */
import { native } from './binding';

/**
 * `int fcntl(int fd, int cmd, ... /* int arg *\/);` — fcntl(2)
 *
 * Only the commands whose argument is an int or nothing: `F_GETFL` and `F_GETFD` return
 * the flags (`arg` is accepted and ignored, as the kernel does with
 * `fcntl(s, F_GETFL, 0)`); `F_SETFL` and `F_SETFD` set them from `arg` and return 0. Any
 * other `cmd` is a RangeError. The usual way to make a socket non-blocking:
 * `fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)`.
 */
export const fcntl: (fd: number, cmd: number, arg?: number) => number = native.fcntl;
