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
import {
  ARGS,
  LENGTH,
  RESULT,
  SMALL_BUF_SIZE,
  scratchArgs,
  scratchResult,
  smallBufView,
} from '../scratch';
import { MSG_TRUNC as MSG_TRUNC_FLAG } from '../constants';

// A const of this module: src/constants.ts's exports object holds 1,429 properties, too many
// for V8's fast mode, and a load from it at each call would be a dictionary lookup.
const MSG_TRUNC = MSG_TRUNC_FLAG;
import { ADDR_GIVEN, ADDRLEN_GIVEN, finishOutputAddress, outputAddress } from './address';

const call = native as unknown as {
  // recv(buf) or recv() into Scratch::small_buf: sockfd, flags, where buf is, and len in
  // the scratch, as recvfrom's.
  recv(buf?: Uint8Array): void;
  // recvfrom(buf) or recvfrom() into Scratch::small_buf: sockfd, flags, src_addr given,
  // addrlen given, where buf is, and len in the scratch.
  recvfrom(buf?: Uint8Array): void;
  read(fd: number, buf: Uint8Array, count: number): number;
};
const native_recv = call.recv;
const native_recvfrom = call.recvfrom;

/**
 * A receive of at most 256 bytes goes into the scratch (Scratch::small_buf) and is copied
 * into `buf` after the call: cheaper than native asking Node-API for the caller's view,
 * and the same call under strace. Not with MSG_TRUNC, with which a TCP socket discards the
 * bytes and writes none into buf (the copy would write there what C leaves as it was).
 */
function receivesIntoScratch(len: number, flags: number): boolean {
  return len <= SMALL_BUF_SIZE && (flags & MSG_TRUNC) === 0;
}

/**
 * The `ret` bytes the kernel wrote into Scratch::small_buf, at most `len`, into buf. None
 * when len is 0: buf may then be detached, which set refuses even for no bytes (and recv
 * with MSG_OOB and a len of 0 can return 1).
 */
function copyReceived(bytes: Uint8Array, ret: number, len: number): void {
  const n = ret < len ? ret : len;
  if (n > 0) check.setBytes(bytes, smallBufView(n), 0);
}

/**
 * `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2)
 *
 * Returns the number of bytes received (0: the peer closed a stream), or -1 with errno.
 */
export function recv(sockfd: number, buf: Uint8Array, len: number, flags: number): number {
  const bytes = check.sendRecv('recv', sockfd, flags, buf, len, false);
  const small = receivesIntoScratch(len, flags);
  scratchArgs[ARGS] = sockfd;
  scratchArgs[ARGS + 1] = flags;
  scratchArgs[ARGS + 4] = small ? 1 : 0;
  scratchResult[LENGTH] = len;
  if (small) native_recv();
  else native_recv(bytes);
  const ret = scratchResult[RESULT];
  if (small && ret > 0) copyReceived(bytes, ret, len);
  return ret;
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
  const small = receivesIntoScratch(len, flags);
  scratchArgs[ARGS + 4] = small ? 1 : 0;
  scratchResult[LENGTH] = len;
  if (small) native_recvfrom();
  else native_recvfrom(bytes);
  const ret = scratchResult[RESULT];
  if (ret >= 0) {
    if (small && ret > 0) copyReceived(bytes, ret, len);
    finishOutputAddress(src_addr, addrlen, given);
  }
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
