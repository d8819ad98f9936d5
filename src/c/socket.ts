/**
 * socket, socketpair, shutdown, close — in C's convention: -1 and errno on failure.
 *
 * Sockets are plain integer file descriptors, as in C: nothing closes them behind your
 * back, not even the garbage collector. Close what you open.
 */
import { native } from '../binding';
import * as check from '../args';
import { Scratch } from '../layout';
import { ARGS, RESULT, scratchArgs, scratchResult, scratchView } from '../scratch';
import { isLittleEndian as host } from '../byteorder';

const call = native as unknown as {
  socket(domain: number, type: number, protocol: number): number;
  socketpair(domain: number, type: number, protocol: number): number;
  shutdown(sockfd: number, how: number): number;
  // close(): fd in the scratch, C's result in the scratch (no Node-API value either way).
  close(): void;
};
const native_close = call.close;

/**
 * `int socket(int domain, int type, int protocol);` — socket(2)
 *
 * Returns the new fd, or -1 with errno (`EAFNOSUPPORT`, `EPROTONOSUPPORT`, `EMFILE`…). No
 * flag is added: pass `SOCK_CLOEXEC` / `SOCK_NONBLOCK` in `type` if you want them, as in C.
 */
export function socket(domain: number, type: number, protocol: number): number {
  return call.socket(
    check.int(domain, 'socket', 'domain'),
    check.int(type, 'socket', 'type'),
    check.int(protocol, 'socket', 'protocol'),
  );
}

/**
 * `int socketpair(int domain, int type, int protocol, int sv[2]);` — socketpair(2)
 *
 * Fills `sv` with two connected fds and returns 0, or -1 with errno.
 */
export function socketpair(
  domain: number,
  type: number,
  protocol: number,
  sv: number[] | Int32Array,
): number {
  const d = check.int(domain, 'socketpair', 'domain');
  const t = check.int(type, 'socketpair', 'type');
  const p = check.int(protocol, 'socketpair', 'protocol');
  if (!Array.isArray(sv) && !(sv instanceof Int32Array)) {
    throw new TypeError(
      `socketpair: sv must be an array or an Int32Array, got ${check.describe(sv)}`,
    );
  }
  const ret = call.socketpair(d, t, p);
  if (ret === 0) {
    sv[0] = scratchView.getInt32(Scratch.sv.offset, host);
    sv[1] = scratchView.getInt32(Scratch.sv.offset + 4, host);
  }
  return ret;
}

/**
 * `int shutdown(int sockfd, int how);` — shutdown(2)
 *
 * `how` is `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`. Returns 0, or -1 with errno (`ENOTCONN` on
 * a socket that is not connected).
 */
export function shutdown(sockfd: number, how: number): number {
  return call.shutdown(check.int(sockfd, 'shutdown', 'sockfd'), check.int(how, 'shutdown', 'how'));
}

/**
 * `int close(int fd);` — close(2)
 *
 * Returns 0, or -1 with errno: `EBADF` for a second close of the same fd (or it closes
 * whatever fd number was reused in between, as unforgiving as C), or for `close(-1)`. Not
 * retried on `EINTR`: on Linux the fd is released even then.
 */
export function close(fd: number): number {
  scratchArgs[ARGS] = check.int(fd, 'close', 'fd');
  native_close();
  return scratchResult[RESULT];
}
