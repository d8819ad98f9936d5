/**
 * getsockname, getpeername — in C's convention: -1 and errno on failure.
 */
import { native } from '../binding';
import * as check from '../args';
import type { sockaddr_storage, socklen_t } from '../struct/sockaddr';
import { ARGS, RESULT, scratchArgs, scratchResult } from '../scratch';
import { ADDR_GIVEN, ADDRLEN_GIVEN, finishOutputAddress, outputAddress } from './address';

// Arguments in the scratch (sockfd, addr given, addrlen given), result in the scratch.
const call = native as unknown as {
  getsockname(): void;
  getpeername(): void;
};
const native_getsockname = call.getsockname;
const native_getpeername = call.getpeername;

/**
 * `int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getsockname(2)
 *
 * Fills `addr` with the socket's own address and `addrlen.value` with its length; returns
 * 0, or -1 with errno. A null `addr` is C's NULL: the kernel answers EFAULT.
 */
export function getsockname(
  sockfd: number,
  addr: sockaddr_storage | object | null,
  addrlen?: socklen_t | null,
): number {
  const fd = check.int(sockfd, 'getsockname', 'sockfd');
  const given = outputAddress('getsockname', addr, addrlen);
  scratchArgs[ARGS] = fd;
  scratchArgs[ARGS + 1] = given & ADDR_GIVEN;
  scratchArgs[ARGS + 2] = given & ADDRLEN_GIVEN;
  native_getsockname();
  const ret = scratchResult[RESULT];
  if (ret === 0) finishOutputAddress(addr, addrlen, given);
  return ret;
}

/**
 * `int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — getpeername(2)
 *
 * The peer's address; -1 with `ENOTCONN` on a socket that is not connected.
 */
export function getpeername(
  sockfd: number,
  addr: sockaddr_storage | object | null,
  addrlen?: socklen_t | null,
): number {
  const fd = check.int(sockfd, 'getpeername', 'sockfd');
  const given = outputAddress('getpeername', addr, addrlen);
  scratchArgs[ARGS] = fd;
  scratchArgs[ARGS + 1] = given & ADDR_GIVEN;
  scratchArgs[ARGS + 2] = given & ADDRLEN_GIVEN;
  native_getpeername();
  const ret = scratchResult[RESULT];
  if (ret === 0) finishOutputAddress(addr, addrlen, given);
  return ret;
}
