/**
 * A socket's own address and its peer's: getsockname, getpeername.
 */
import { native } from './binding';
import type { sockaddr_storage, socklen_t } from './sockaddr';

/**
 * `int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getsockname(2)
 *
 * Fills `addr` (a new object when none is given) and returns it. `addrlen` as in `accept`.
 * The usual way to learn the port the kernel chose after binding to port 0:
 * `ntohs(getsockname(s).sin_port!)`.
 */
export const getsockname: <T extends object = sockaddr_storage>(
  sockfd: number,
  addr?: T | null,
  addrlen?: socklen_t | null,
) => T & sockaddr_storage = native.getsockname;

/**
 * `int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getpeername(2)
 *
 * As `getsockname`, for the connected peer; throws `ENOTCONN` when there is none.
 */
export const getpeername: <T extends object = sockaddr_storage>(
  sockfd: number,
  addr?: T | null,
  addrlen?: socklen_t | null,
) => T & sockaddr_storage = native.getpeername;
