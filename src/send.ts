/**
 * Sending: send, sendto, write.
 *
 * The bytes of `buf` go on the wire as they are, `len` of them (checked against
 * `buf.byteLength`: a RangeError, never a read past the buffer). These calls block while
 * the socket's send buffer is full, as in C.
 *
 * Node.js ignores SIGPIPE: writing to a connection the peer has closed throws `EPIPE`
 * here, where the same C program is killed by SIGPIPE (unless it passes MSG_NOSIGNAL).
 */
import { native } from './binding';
import type { sockaddr } from './sockaddr';

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);` — send(2)
 *
 * Returns the number of bytes sent. (glibc makes it the sendto system call, with a NULL
 * address: that is what strace shows.)
 */
export const send: (sockfd: number, buf: Uint8Array, len: number, flags: number) => number =
  native.send;

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
 *                 const struct sockaddr *dest_addr, socklen_t addrlen);` — sendto(2)
 *
 * `addrlen` is computed from `dest_addr`; `null` is C's `NULL, 0` (a connected socket).
 * Throws `EACCES` for a broadcast address without `SO_BROADCAST`, `EMSGSIZE`…
 */
export const sendto: (
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  dest_addr: sockaddr | null,
) => number = native.sendto;

/**
 * `ssize_t write(int fd, const void *buf, size_t count);` — write(2)
 *
 * On a connected socket, `send` without flags.
 */
export const write: (fd: number, buf: Uint8Array, count: number) => number = native.write;
