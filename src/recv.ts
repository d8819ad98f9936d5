/**
 * Receiving: recv, recvfrom, read.
 *
 * The calls of `bsd-sockets/c` (src/c/recv.ts), throwing an `ErrnoError` where C returns
 * -1. At most `len` bytes are written into `buf` (checked against `buf.byteLength`: a
 * RangeError, never a write past the buffer). These calls block until data arrives, as in
 * C: use SO_RCVTIMEO, MSG_DONTWAIT, poll/select, or bsd-sockets/promises.
 */
import * as c from './c/recv';
import { checked } from './errno';
import type { socklen_t } from './sockaddr';

/**
 * `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2)
 *
 * Returns the number of bytes received; 0 when the peer closed a stream.
 */
export function recv(sockfd: number, buf: Uint8Array, len: number, flags: number): number {
  return checked(c.recv(sockfd, buf, len, flags), 'recv');
}

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
 *                   struct sockaddr *src_addr, socklen_t *addrlen);` — recvfrom(2)
 *
 * `src_addr`, when given, is filled with the sender's address (`ss_family`, `sa_family`
 * and the family's fields); `addrlen` as in `accept`.
 */
export function recvfrom(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  src_addr?: object | null,
  addrlen?: socklen_t | null,
): number {
  return checked(c.recvfrom(sockfd, buf, len, flags, src_addr, addrlen), 'recvfrom');
}

/** `ssize_t read(int fd, void *buf, size_t count);` — read(2) */
export function read(fd: number, buf: Uint8Array, count: number): number {
  return checked(c.read(fd, buf, count), 'read');
}
