/**
 * bind, listen, accept, accept4, connect — in C's convention: -1 and errno on failure.
 */
import { native } from '../binding';
import * as check from '../args';
import type { sockaddr, sockaddr_storage, socklen_t } from '../struct/sockaddr';
import {
  ADDR_GIVEN,
  ADDRLEN_GIVEN,
  finishOutputAddress,
  inputAddress,
  outputAddress,
} from './address';

const call = native as unknown as {
  bind(sockfd: number, addrlen: number): number;
  listen(sockfd: number, backlog: number): number;
  accept(sockfd: number, addr: number, addrlen: number): number;
  accept4(sockfd: number, addr: number, addrlen: number, flags: number): number;
  connect(sockfd: number, addrlen: number): number;
};

/**
 * `int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — bind(2)
 *
 * `addrlen` may be left out: it is then the struct's size (16 for a sockaddr_in, 28 for a
 * sockaddr_in6, SUN_LEN for a sockaddr_un). Returns 0, or -1 with errno (`EADDRINUSE`,
 * `EACCES` for a port below 1024…).
 */
export function bind(sockfd: number, addr: sockaddr, addrlen?: number | socklen_t): number {
  const fd = check.int(sockfd, 'bind', 'sockfd');
  return call.bind(fd, inputAddress('bind', addr, addrlen));
}

/** `int listen(int sockfd, int backlog);` — listen(2). Returns 0, or -1 with errno. */
export function listen(sockfd: number, backlog: number): number {
  return call.listen(
    check.int(sockfd, 'listen', 'sockfd'),
    check.int(backlog, 'listen', 'backlog'),
  );
}

/**
 * `int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — accept(2)
 *
 * Returns the connected fd and fills `addr` with the peer's address (when not null) and
 * `addrlen.value` with its length; or -1 with errno.
 */
export function accept(
  sockfd: number,
  addr?: sockaddr_storage | object | null,
  addrlen?: socklen_t | null,
): number {
  const fd = check.int(sockfd, 'accept', 'sockfd');
  const given = outputAddress('accept', addr, addrlen);
  const ret = call.accept(fd, given & ADDR_GIVEN, given & ADDRLEN_GIVEN);
  if (ret >= 0) finishOutputAddress(addr, addrlen, given);
  return ret;
}

/**
 * `int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);` — accept(2)
 *
 * `accept` with `SOCK_NONBLOCK` / `SOCK_CLOEXEC` set on the new fd in the same call.
 */
export function accept4(
  sockfd: number,
  addr: sockaddr_storage | object | null | undefined,
  addrlen: socklen_t | null | undefined,
  flags: number,
): number {
  const fd = check.int(sockfd, 'accept4', 'sockfd');
  const given = outputAddress('accept4', addr, addrlen);
  const f = check.int(flags, 'accept4', 'flags');
  const ret = call.accept4(fd, given & ADDR_GIVEN, given & ADDRLEN_GIVEN, f);
  if (ret >= 0) finishOutputAddress(addr, addrlen, given);
  return ret;
}

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — connect(2)
 *
 * Returns 0, or -1 with errno (`ECONNREFUSED`, `EINPROGRESS` on a non-blocking socket…).
 */
export function connect(sockfd: number, addr: sockaddr, addrlen?: number | socklen_t): number {
  const fd = check.int(sockfd, 'connect', 'sockfd');
  return call.connect(fd, inputAddress('connect', addr, addrlen));
}
