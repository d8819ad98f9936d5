/**
 * Creating and ending sockets: socket, socketpair, shutdown, close.
 *
 * The calls of `bsd-sockets/c` (src/c/socket.ts), throwing an `ErrnoError` where C returns
 * -1. Sockets are plain integer file descriptors, as in C: nothing closes them behind your
 * back, not even the garbage collector. Close what you open.
 */
import * as c from './c/socket';
import { checked } from './errno';

/**
 * `int socket(int domain, int type, int protocol);` — socket(2)
 *
 * Returns the new fd. Throws an errno error (`EAFNOSUPPORT`, `EPROTONOSUPPORT`, `EMFILE`…)
 * where C returns -1. No flag is added: pass `SOCK_CLOEXEC` / `SOCK_NONBLOCK` in `type`
 * if you want them, as in C.
 */
export function socket(domain: number, type: number, protocol: number): number {
  return checked(c.socket(domain, type, protocol), 'socket');
}

/**
 * `int socketpair(int domain, int type, int protocol, int sv[2]);` — socketpair(2)
 *
 * Returns `[sv[0], sv[1]]`, two connected fds.
 */
export function socketpair(domain: number, type: number, protocol: number): [number, number] {
  const sv: [number, number] = [-1, -1];
  checked(c.socketpair(domain, type, protocol, sv), 'socketpair');
  return sv;
}

/**
 * `int shutdown(int sockfd, int how);` — shutdown(2)
 *
 * `how` is `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`. Returns 0; throws `ENOTCONN` on a socket
 * that is not connected.
 */
export function shutdown(sockfd: number, how: number): number {
  return checked(c.shutdown(sockfd, how), 'shutdown');
}

/**
 * `int close(int fd);` — close(2)
 *
 * Returns 0. A second close of the same fd throws `EBADF` (or closes whatever fd number
 * was reused in between — as unforgiving as C), as does `close(-1)`. Not retried on
 * `EINTR`: on Linux the fd is released even then.
 */
export function close(fd: number): number {
  return checked(c.close(fd), 'close');
}
