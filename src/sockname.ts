/**
 * A socket's own address and its peer's: getsockname, getpeername.
 *
 * The calls of `bsd-sockets/c` (src/c/sockname.ts), throwing an `ErrnoError` where C
 * returns -1.
 */
import * as c from './c/sockname';
import { checked } from './errno';
import { sockaddr_prototype } from './struct/inspect';
import type { sockaddr_storage, socklen_t } from './sockaddr';

/**
 * `int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getsockname(2)
 *
 * Fills `addr` (a new object when none is given) and returns it. `addrlen` as in `accept`.
 * The usual way to learn the port the kernel chose after binding to port 0:
 * `ntohs(getsockname(s).sin_port!)`.
 */
export function getsockname<T extends object = sockaddr_storage>(
  sockfd: number,
  addr?: T | null,
  addrlen?: socklen_t | null,
): T & sockaddr_storage {
  // C would fault on a NULL addr (EFAULT); here "no object" means "give me a new one".
  const target = addr ?? (Object.create(sockaddr_prototype) as T);
  checked(c.getsockname(sockfd, target, addrlen), 'getsockname');
  return target as T & sockaddr_storage;
}

/**
 * `int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getpeername(2)
 *
 * As `getsockname`, for the connected peer; throws `ENOTCONN` when there is none.
 */
export function getpeername<T extends object = sockaddr_storage>(
  sockfd: number,
  addr?: T | null,
  addrlen?: socklen_t | null,
): T & sockaddr_storage {
  const target = addr ?? (Object.create(sockaddr_prototype) as T);
  checked(c.getpeername(sockfd, target, addrlen), 'getpeername');
  return target as T & sockaddr_storage;
}
