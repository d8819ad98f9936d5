/**
 * Binding, listening, accepting, connecting: bind, listen, accept, accept4, connect.
 *
 * The calls of `bsd-sockets/c` (src/c/connection.ts), throwing an `ErrnoError` where C
 * returns -1.
 */
import * as c from './c/connection';
import { checked } from './errno';
import type { sockaddr, socklen_t } from './sockaddr';

/**
 * `int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — bind(2)
 *
 * `addrlen` is computed from `addr` when left out (16 for a sockaddr_in…). Throws
 * `EADDRINUSE`, `EACCES` (a port below 1024 without the capability)…
 */
export function bind(sockfd: number, addr: sockaddr, addrlen?: number | socklen_t): number {
  return checked(c.bind(sockfd, addr, addrlen), 'bind');
}

/** `int listen(int sockfd, int backlog);` — listen(2) */
export function listen(sockfd: number, backlog: number): number {
  return checked(c.listen(sockfd, backlog), 'listen');
}

/**
 * `int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — accept(2)
 *
 * Returns the connected fd. `addr`, when given, is filled with the peer's address;
 * `addrlen` is a socklen_t box (`{ value: sizeof.sockaddr_in }`), read before the call as
 * the capacity and set after it to the address's length. Blocks until a client connects.
 */
export function accept(sockfd: number, addr?: object | null, addrlen?: socklen_t | null): number {
  return checked(c.accept(sockfd, addr, addrlen), 'accept');
}

/**
 * `int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);` — accept(2)
 *
 * `accept` with `SOCK_NONBLOCK` / `SOCK_CLOEXEC` set on the new fd in the same call.
 */
export function accept4(
  sockfd: number,
  addr: object | null,
  addrlen: socklen_t | null,
  flags: number,
): number {
  return checked(c.accept4(sockfd, addr, addrlen, flags), 'accept4');
}

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — connect(2)
 *
 * Throws `ECONNREFUSED` when nothing listens; on a UDP socket, sets the default
 * destination.
 */
export function connect(sockfd: number, addr: sockaddr, addrlen?: number | socklen_t): number {
  return checked(c.connect(sockfd, addr, addrlen), 'connect');
}
