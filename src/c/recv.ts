/**
 * recv, recvfrom, read — in C's convention: -1 and errno on failure.
 *
 * At most `len` bytes are written into `buf` (checked against `buf.byteLength`: a
 * RangeError, never a write past the buffer). These calls block until data arrives, as in
 * C: use SO_RCVTIMEO, MSG_DONTWAIT, poll/select, or bsd-sockets/promises.
 */
import { native } from '../binding';
import * as check from '../args';
import type { sockaddr_storage, socklen_t } from '../struct/sockaddr';
import { ARGS, LENGTH, RESULT, scratchArgs, scratchResult } from '../scratch';
import { ADDR_GIVEN, ADDRLEN_GIVEN, finishOutputAddress, outputAddress } from './address';

const call = native as unknown as {
  // recv(buf): sockfd, flags and len in the scratch, as recvfrom's.
  recv(buf: Uint8Array): void;
  // recvfrom(buf): sockfd, flags, src_addr given, addrlen given and len in the scratch.
  recvfrom(buf: Uint8Array): void;
  read(fd: number, buf: Uint8Array, count: number): number;
};
const native_recv = call.recv;
const native_recvfrom = call.recvfrom;

/**
 * `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2)
 *
 * Returns the number of bytes received (0: the peer closed a stream), or -1 with errno.
 */
export function recv(sockfd: number, buf: Uint8Array, len: number, flags: number): number {
  const bytes = check.sendRecv('recv', sockfd, flags, buf, len, false);
  scratchArgs[ARGS] = sockfd;
  scratchArgs[ARGS + 1] = flags;
  scratchResult[LENGTH] = len;
  native_recv(bytes);
  return scratchResult[RESULT];
}

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
 *                   struct sockaddr *src_addr, socklen_t *addrlen);` — recvfrom(2)
 *
 * Fills `src_addr` with the sender's address (when not null) and `addrlen.value` with its
 * length. Returns the number of bytes received, or -1 with errno.
 */
export function recvfrom(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  src_addr?: sockaddr_storage | object | null,
  addrlen?: socklen_t | null,
): number {
  check.int(sockfd, 'recvfrom', 'sockfd');
  check.int(flags, 'recvfrom', 'flags');
  // addrlen.value first: a getter could detach or shrink buf; its length is checked after.
  const given = outputAddress('recvfrom', src_addr, addrlen);
  const bytes = check.buffer('recvfrom', buf, len, false);
  scratchArgs[ARGS] = sockfd;
  scratchArgs[ARGS + 1] = flags;
  scratchArgs[ARGS + 2] = given & ADDR_GIVEN;
  scratchArgs[ARGS + 3] = given & ADDRLEN_GIVEN;
  scratchResult[LENGTH] = len;
  native_recvfrom(bytes);
  const ret = scratchResult[RESULT];
  if (ret >= 0) finishOutputAddress(src_addr, addrlen, given);
  return ret;
}

/**
 * `ssize_t read(int fd, void *buf, size_t count);` — read(2)
 *
 * Returns the number of bytes read (0 at end of file), or -1 with errno.
 */
export function read(fd: number, buf: Uint8Array, count: number): number {
  check.int(fd, 'read', 'fd');
  return call.read(fd, check.buffer('read', buf, count, false, 'count'), count);
}
