/**
 * Sending: send, sendto, write.
 *
 * The calls of `bsd-sockets/c` (src/c/send.ts), throwing an `ErrnoError` where C returns
 * -1. The bytes of `buf` go on the wire as they are, `len` of them (checked against
 * `buf.byteLength`: a RangeError, never a read past the buffer); a string stands for its
 * UTF-8 bytes. These calls block while the socket's send buffer is full, as in C.
 *
 * Node.js ignores SIGPIPE: writing to a connection the peer has closed throws `EPIPE`
 * here, where the same C program is killed by SIGPIPE (unless it passes MSG_NOSIGNAL).
 */
import * as c from './c/send';
import { checked } from './errno';
import type { sockaddr, socklen_t } from './sockaddr';

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);` — send(2)
 *
 * Returns the number of bytes sent. (glibc makes it the sendto system call, with a NULL
 * address: that is what strace shows.)
 */
export function send(sockfd: number, buf: Uint8Array | string, len: number, flags: number): number {
  return checked(c.send(sockfd, buf, len, flags), 'send');
}

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
 *                 const struct sockaddr *dest_addr, socklen_t addrlen);` — sendto(2)
 *
 * `addrlen` is computed from `dest_addr` when left out; `null` is C's `NULL, 0` (a
 * connected socket). Throws `EACCES` for a broadcast address without `SO_BROADCAST`,
 * `EMSGSIZE`…
 */
export function sendto(
  sockfd: number,
  buf: Uint8Array | string,
  len: number,
  flags: number,
  dest_addr: sockaddr | null,
  addrlen?: number | socklen_t,
): number {
  return checked(c.sendto(sockfd, buf, len, flags, dest_addr, addrlen), 'sendto');
}

/**
 * `ssize_t write(int fd, const void *buf, size_t count);` — write(2)
 *
 * On a connected socket, `send` without flags.
 */
export function write(fd: number, buf: Uint8Array | string, count: number): number {
  return checked(c.write(fd, buf, count), 'write');
}
