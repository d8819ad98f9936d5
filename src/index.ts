/**
 * bsd-sockets: the BSD socket API with its C names.
 *
 * Every function calls the C library function of the same name with the arguments given,
 * nothing added; structs are plain objects with the C field names; constants come from
 * the system headers. Blocking calls block (the thread, and so the event loop), as in C.
 */
export * from './constants';
export { htons, ntohs, htonl, ntohl } from './byteorder';
export { as_in_addr, as_in6_addr } from './sockaddr';
export { as_int, as_linger, as_timeval, char_ptr, char_ptr_t } from './struct/views';
export { as_in_pktinfo } from './struct/views';
export type { in_pktinfo } from './struct/views';
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
} from './struct/zero';
export type { sized, memory } from './struct/zero';
export type { sockaddr, socklen_t } from './sockaddr';
export { socket, socketpair, shutdown, close } from './socket';
export { bind, listen, accept, accept4, connect } from './connection';
export { getsockname, getpeername } from './sockname';
export { send, sendto, write } from './send';
export { recv, recvfrom, read } from './recv';
export { setsockopt, getsockopt } from './sockopt';
export type { optval } from './sockopt';
export { getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo } from './addrinfo';
export type { addrinfo_hints } from './addrinfo';
export { gethostbyname, gethostbyaddr, h_errno, herror, hstrerror } from './hostent';
export type { hostent } from './hostent';
export { inet_pton, inet_ntop, inet_aton, inet_ntoa, inet_addr } from './inet';
export { strerror, perror, isErrnoError, ErrnoError } from './strerror';
export { poll } from './poll';
export { select, fd_set, FD_ZERO, FD_SET, FD_CLR, FD_ISSET } from './select';
export { fcntl } from './fcntl';
export {
  sendmsg,
  recvmsg,
  CMSG_ALIGN,
  CMSG_SPACE,
  CMSG_LEN,
  CMSG_FIRSTHDR,
  CMSG_NXTHDR,
  CMSG_DATA,
  cmsgs,
  cmsg_buffer,
} from './msg';
export type { cmsghdr, cmsg } from './msg';
export { if_nametoindex, if_indextoname } from './ifname';
export * as layout from './layout';
export { binding_path } from './binding';

// CommonJS: the exports as data properties of a fast-mode object, not tsc's getters
// (src/fast.ts), the constants on its
// prototype; `h_errno` stays a getter, live.
import { fastObject, numberNames } from './fast';
import * as header_constants from './constants';
module.exports = fastObject(module.exports as object, ['h_errno'], numberNames(header_constants));
