/**
 * send, sendto, write — in C's convention: -1 and errno on failure.
 *
 * The bytes of `buf` go on the wire as they are, `len` of them (checked against
 * `buf.byteLength`: a RangeError, never a read past the buffer). A string `buf` stands for
 * its UTF-8 bytes, as a string literal does in C. These calls block while the socket's
 * send buffer is full, as in C.
 *
 * Node.js ignores SIGPIPE: writing to a connection the peer has closed fails with `EPIPE`
 * here, where the same C program is killed by SIGPIPE (unless it passes MSG_NOSIGNAL).
 */
import { native } from '../binding';
import * as check from '../args';
import {
  ARGS,
  LENGTH,
  RESULT,
  SMALL_BUF,
  SMALL_BUF_SIZE,
  scratchArgs,
  scratchBytes,
  scratchResult,
} from '../scratch';
import type { sockaddr, socklen_t } from '../struct/sockaddr';
import { inputAddress } from './address';

const call = native as unknown as {
  // send(buf) or send() with buf in Scratch::small_buf: sockfd, flags, where buf is, and
  // len in the scratch, as sendto's.
  send(buf?: Uint8Array): void;
  // sendto(buf) or sendto() with buf in Scratch::small_buf: sockfd, flags, dest_addr given,
  // addrlen, where buf is, and len in the scratch.
  sendto(buf?: Uint8Array): void;
  write(fd: number, buf: Uint8Array, count: number): number;
};
const native_send = call.send;
const native_sendto = call.sendto;

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);` — send(2)
 *
 * Returns the number of bytes sent, or -1 with errno. (glibc makes it the sendto system
 * call, with a NULL address: that is what strace shows.)
 */
export function send(sockfd: number, buf: Uint8Array | string, len: number, flags: number): number {
  check.int(sockfd, 'send', 'sockfd');
  check.int(flags, 'send', 'flags');
  const bytes = check.bytes(buf, 'send', 'buf', true);
  const size = check.byteLengthOf(bytes);
  check.lenWithin(len, 'send', 'len', size, 'buf');
  // As sendto below: the arguments last, a small buffer sent whole copied into the scratch.
  const small = len === size && size <= SMALL_BUF_SIZE;
  if (small && size !== 0) check.setBytes(scratchBytes, bytes, SMALL_BUF);
  scratchArgs[ARGS] = sockfd;
  scratchArgs[ARGS + 1] = flags;
  scratchArgs[ARGS + 4] = small ? 1 : 0;
  scratchResult[LENGTH] = len;
  if (small) native_send();
  else native_send(bytes);
  return scratchResult[RESULT];
}

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
 *                 const struct sockaddr *dest_addr, socklen_t addrlen);` — sendto(2)
 *
 * `dest_addr` null is C's `NULL, 0` (a connected socket); `addrlen` left out is the
 * struct's size; a socklen_t box stands for its value, as `len` after `&len`. Returns the number of bytes sent, or -1 with errno (`EACCES` for a
 * broadcast address without `SO_BROADCAST`, `EMSGSIZE`…).
 */
export function sendto(
  sockfd: number,
  buf: Uint8Array | string,
  len: number,
  flags: number,
  dest_addr: sockaddr | null | undefined,
  addrlen?: number | socklen_t,
): number {
  check.int(sockfd, 'sendto', 'sockfd');
  check.int(flags, 'sendto', 'flags');
  // The address first: reading its fields can run getters, which could detach or shrink
  // buf; its length is checked after them.
  let given = 0;
  let length = 0;
  if (dest_addr !== null && dest_addr !== undefined) {
    length = inputAddress('sendto', dest_addr, addrlen, 'dest_addr');
    given = 1;
  } else if (addrlen !== undefined) {
    length = check.uint(check.socklenValue(addrlen), 'sendto', 'addrlen', 0xffffffff);
  }
  const bytes = check.bytes(buf, 'sendto', 'buf', true);
  const size = check.byteLengthOf(bytes);
  check.lenWithin(len, 'sendto', 'len', size, 'buf');
  // The arguments go into the scratch last: no code of the caller runs after this. A small
  // buffer sent whole is copied there too, which costs less than native asking Node-API for
  // the caller's view; strace shows the same call (the bytes, not where they were).
  const small = len === size && size <= SMALL_BUF_SIZE;
  // (A detached buffer has a byteLength of 0: nothing to copy, and set would throw.)
  if (small && size !== 0) check.setBytes(scratchBytes, bytes, SMALL_BUF);
  scratchArgs[ARGS] = sockfd;
  scratchArgs[ARGS + 1] = flags;
  scratchArgs[ARGS + 2] = given;
  scratchArgs[ARGS + 3] = length;
  scratchArgs[ARGS + 4] = small ? 1 : 0;
  scratchResult[LENGTH] = len;
  if (small) native_sendto();
  else native_sendto(bytes);
  return scratchResult[RESULT];
}

/**
 * `ssize_t write(int fd, const void *buf, size_t count);` — write(2)
 *
 * On a connected socket, `send` without flags. Returns the bytes written, or -1 with errno.
 */
export function write(fd: number, buf: Uint8Array | string, count: number): number {
  check.int(fd, 'write', 'fd');
  return call.write(fd, check.buffer('write', buf, count, true, 'count'), count);
}
