/**
 * Creating and ending sockets: socket, socketpair, shutdown, close.
 *
 * Sockets are plain integer file descriptors, as in C: nothing closes them behind your
 * back, not even the garbage collector. Close what you open.
 */
import { native } from './binding';

/**
 * `int socket(int domain, int type, int protocol);` — socket(2)
 *
 * Returns the new fd. Throws an errno error (`EAFNOSUPPORT`, `EPROTONOSUPPORT`, `EMFILE`…)
 * where C returns -1. No flag is added: pass `SOCK_CLOEXEC` / `SOCK_NONBLOCK` in `type`
 * if you want them, as in C.
 */
export const socket: (domain: number, type: number, protocol: number) => number = native.socket;

/**
 * `int socketpair(int domain, int type, int protocol, int sv[2]);` — socketpair(2)
 *
 * Returns `[sv[0], sv[1]]`, two connected fds.
 */
export const socketpair: (domain: number, type: number, protocol: number) => [number, number] =
  native.socketpair;

/**
 * `int shutdown(int sockfd, int how);` — shutdown(2)
 *
 * `how` is `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`. Returns 0; throws `ENOTCONN` on a socket
 * that is not connected.
 */
export const shutdown: (sockfd: number, how: number) => number = native.shutdown;

/**
 * `int close(int fd);` — close(2)
 *
 * Returns 0. A second close of the same fd throws `EBADF` (or closes whatever fd number
 * was reused in between — as unforgiving as C). Not retried on `EINTR`: on Linux the fd is
 * released even then.
 */
export const close: (fd: number) => number = native.close;
