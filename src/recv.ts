/**
 * Receiving: recv, recvfrom, read.
 *
 * They block until data arrives (or `SO_RCVTIMEO` expires: `EAGAIN`), as in C — and so
 * does the Node.js event loop; see `bsd-sockets/promises` for versions that don't.
 * At most `len` bytes are written into `buf` (`len` is checked against `buf.byteLength`).
 * A return of 0 on a stream socket means the peer closed the connection.
 */
import { native } from './binding';
import type { socklen_t } from './sockaddr';

/**
 * `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2)
 *
 * Returns the number of bytes received. (glibc makes it the recvfrom system call with a
 * NULL address.)
 */
export const recv: (sockfd: number, buf: Uint8Array, len: number, flags: number) => number =
  native.recv;

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
 *                   struct sockaddr *src_addr, socklen_t *addrlen);` — recvfrom(2)
 *
 * Returns the byte count and fills `src_addr` (any object, like C's
 * `struct sockaddr_storage src_addr;`) with the sender's address: `ss_family` and that
 * family's fields, ready to pass to `sendto` for the reply. `null` as in C when the
 * sender does not matter. `addrlen` (a `socklen_t` box) says which struct `src_addr` is —
 * `{ value: sizeof.sockaddr_in }` for a `struct sockaddr_in` — and receives the true length.
 */
export const recvfrom: (
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  src_addr?: object | null,
  addrlen?: socklen_t | null,
) => number = native.recvfrom;

/**
 * `ssize_t read(int fd, void *buf, size_t count);` — read(2)
 *
 * On a connected socket, `recv` without flags.
 */
export const read: (fd: number, buf: Uint8Array, count: number) => number = native.read;
