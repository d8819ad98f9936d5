/**
 * fcntl — in C's convention: -1 and errno on failure.
 *
 * Only the commands whose argument is an int or nothing: F_GETFL, F_SETFL (O_NONBLOCK…),
 * F_GETFD, F_SETFD (FD_CLOEXEC). Other commands take a pointer (F_GETLK…), which an int
 * would stand for: a RangeError.
 */
import { native } from '../binding';
import * as check from '../args';

const call = native as unknown as {
  fcntl(fd: number, cmd: number, arg: number): number;
};

const { F_GETFL, F_SETFL, F_GETFD, F_SETFD } = native.constants;

/**
 * `int fcntl(int fd, int cmd, ... /* int arg *\/);` — fcntl(2)
 *
 * `F_GETFL` and `F_GETFD` return the flags (`arg` may be left out; given, it is ignored,
 * as the kernel does with `fcntl(s, F_GETFL, 0)`); `F_SETFL` and `F_SETFD` set them from
 * `arg` and return 0. Returns -1 with errno on failure (`EBADF`…). The usual way to make a
 * socket non-blocking: `fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)`.
 */
export function fcntl(fd: number, cmd: number, arg?: number): number {
  const d = check.int(fd, 'fcntl', 'fd');
  const command = check.int(cmd, 'fcntl', 'cmd');
  if (command === F_GETFL || command === F_GETFD) {
    const a = arg === undefined || arg === null ? 0 : check.int(arg, 'fcntl', 'arg');
    return call.fcntl(d, command, a);
  }
  if (command === F_SETFL || command === F_SETFD) {
    return call.fcntl(d, command, check.int(arg, 'fcntl', 'arg'));
  }
  throw new RangeError(`fcntl: cmd ${command} is not one of F_GETFL, F_SETFL, F_GETFD, F_SETFD`);
}
