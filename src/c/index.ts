/**
 * bsd-sockets/c: the BSD socket API in C's convention.
 *
 * Same names, same arguments and the same results as the C functions: a failing call
 * returns -1 (or null, or an `EAI_*` code for getaddrinfo) and sets `errno`; nothing is
 * thrown, except a TypeError or RangeError for an argument that C would not compile or
 * that would corrupt memory. A C line and its port read alike:
 *
 * ```ts
 * import { AF_INET, SOCK_DGRAM, errno, socket } from 'bsd-sockets/c';
 * import { exit, perror } from 'bsd-sockets/libc';
 *
 * if ((s = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
 *   perror('socket');
 *   exit(1);
 * }
 * ```
 *
 * `errno` and `h_errno` are live, as in C: read them right after the call. In CommonJS
 * they are getters of the module object (`c.errno`, or a destructured import read once);
 * in ES modules, live bindings (`import { errno }` follows every call). C's `errno = 0;`
 * is `set_errno(0)`.
 *
 * The root entry, `bsd-sockets`, is the same calls throwing an `ErrnoError` instead (one
 * native call for both).
 */
import { get_errno, get_h_errno, set_errno, scratch } from '../scratch';
import { ERRNO_INDEX, H_ERRNO_INDEX } from '../scratch';

export * from '../constants';
export { htons, ntohs, htonl, ntohl } from '../byteorder';
export { as_in_addr, as_in6_addr } from '../sockaddr';
export { as_int, as_linger, as_timeval, char_ptr, char_ptr_t } from '../struct/views';
export { as_in_pktinfo } from '../struct/views';
export type { in_pktinfo } from '../struct/views';
/** Structs declared as in C (`new sockaddr_in()` is zeroed), sizeof, bzero, memset, `dst = src`. */
export {
  sizeof,
  bzero,
  memset,
  struct_assign,
  struct_copy,
  in_addr,
  in6_addr,
  sockaddr_in,
  sockaddr_in6,
  sockaddr_un,
  sockaddr_ll,
  sockaddr_nl,
  sockaddr_storage,
  timeval,
  linger,
  pollfd,
  iovec,
  msghdr,
  addrinfo,
} from '../struct/zero';
export type { sized, memory } from '../struct/zero';
/** offsetof and sizeof of the structs, as the C compiler laid them out (src/layout.ts). */
export * as layout from '../layout';
export type { sockaddr, socklen_t } from '../sockaddr';

export { socket, socketpair, shutdown, close } from './socket';
export { bind, listen, accept, accept4, connect } from './connection';
export { getsockname, getpeername } from './sockname';
export { send, sendto, write } from './send';
export { recv, recvfrom, read } from './recv';
export { setsockopt, getsockopt } from './sockopt';
export type { int_box, optval } from './sockopt';
export { getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo } from './addrinfo';
export type { addrinfo_hints, addrinfo_ptr } from './addrinfo';
export { gethostbyname, gethostbyaddr, herror, hstrerror } from './hostent';
export type { hostent } from './hostent';
export { strerror, perror } from './strerror';
export { poll } from './poll';
export { select, fd_set, FD_ZERO, FD_SET, FD_CLR, FD_ISSET } from './select';
export { fcntl } from './fcntl';
export { inet_pton, inet_ntop, inet_aton, inet_ntoa, inet_addr } from './inet';
export { sendmsg, recvmsg } from './msg';
export {
  CMSG_ALIGN,
  CMSG_SPACE,
  CMSG_LEN,
  CMSG_FIRSTHDR,
  CMSG_NXTHDR,
  CMSG_DATA,
  cmsgs,
  cmsg_buffer,
} from '../struct/msghdr';
export type { cmsghdr, cmsg } from '../struct/msghdr';
export { if_nametoindex, if_indextoname } from './ifname';

/** `int errno;` — <errno.h>: the error of the last call that failed (live, see above). */
export declare const errno: number;
/** `int h_errno;` — <netdb.h>: the error of the last gethostbyname/gethostbyaddr (live). */
export declare const h_errno: number;
Object.defineProperty(exports, 'errno', { get: get_errno, enumerable: true });
Object.defineProperty(exports, 'h_errno', { get: get_h_errno, enumerable: true });

/** `errno = value;` — errno is an lvalue in C; a program resets it before a call. */
export { set_errno };

/**
 * For the ES module facade (scripts/write-esm-entry.cjs), which keeps its `errno` and
 * `h_errno` bindings current after each call with two loads: the thread's scratch memory
 * and where errno and h_errno lie in it, as Int32Array indexes; and `refresh`, which the
 * facade, once loaded, sets to the function that re-reads its bindings, so that the
 * bsd-sockets/libc facade can call it after each libc call (strtol's ERANGE, a stdio write
 * error set errno too). Not API.
 */
export const __errno_memory: {
  int32: Int32Array;
  errno: number;
  h_errno: number;
  refresh: () => void;
} = {
  int32: new Int32Array(scratch),
  errno: ERRNO_INDEX,
  h_errno: H_ERRNO_INDEX,
  refresh: () => {},
};

// CommonJS: the exports as data properties of a fast-mode object, not tsc's getters
// (src/fast.ts), the constants on
// its prototype; `errno` and `h_errno` stay getters, live.
import { fastObject, numberNames } from '../fast';
import * as header_constants from '../constants';
module.exports = fastObject(
  module.exports as object,
  ['errno', 'h_errno'],
  numberNames(header_constants),
);
