/**
 * Connection set-up: bind, listen, accept, connect.
 *
 * `accept` and `connect` block the thread until they complete, as in C — and so the
 * Node.js event loop. Run blocking servers in a Worker or a child process, or use
 * `bsd-sockets/promises`.
 */
import { native } from './binding';
import type { sockaddr, socklen_t } from './sockaddr';

/**
 * `int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — bind(2)
 *
 * `addrlen` is computed from the struct (`sizeof.sockaddr_in`…). Returns 0; throws
 * `EADDRINUSE`, `EACCES`, `EINVAL`…
 */
export const bind: (sockfd: number, addr: sockaddr) => number = native.bind;

/**
 * `int listen(int sockfd, int backlog);` — listen(2)
 */
export const listen: (sockfd: number, backlog: number) => number = native.listen;

/**
 * `int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — accept(2)
 *
 * Blocks until a connection arrives. Returns the new fd and fills `addr` (any object, like
 * C's `struct sockaddr_storage`) with the peer's address; `null` as in C when you don't
 * want it. `addrlen` (a `socklen_t` box) says which struct `addr` is (default 128 bytes,
 * a sockaddr_storage) and receives the true length.
 */
export const accept: (sockfd: number, addr?: object | null, addrlen?: socklen_t | null) => number =
  native.accept;

/**
 * `int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);` — accept(2)
 *
 * `accept`, with `flags` set on the new fd in the same call: `SOCK_NONBLOCK` (O_NONBLOCK)
 * and `SOCK_CLOEXEC` (FD_CLOEXEC), or 0. Linux-specific, like SOCK_NONBLOCK itself.
 */
export const accept4: (
  sockfd: number,
  addr: object | null,
  addrlen: socklen_t | null,
  flags: number,
) => number = native.accept4;

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — connect(2)
 *
 * Blocks until TCP's handshake completes (or fails: `ECONNREFUSED`, `ETIMEDOUT`). On a UDP
 * socket it sets the default peer.
 */
export const connect: (sockfd: number, addr: sockaddr) => number = native.connect;
