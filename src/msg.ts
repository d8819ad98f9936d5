/**
 * sendmsg, recvmsg: the calls of `bsd-sockets/c` (src/c/msg.ts), throwing an `ErrnoError`
 * where C returns -1; and the struct msghdr helpers, CMSG_* as in C.
 */
import * as c from './c/msg';
import { checked } from './errno';
import type { msghdr } from './struct/msghdr';

export {
  CMSG_ALIGN,
  CMSG_DATA,
  CMSG_FIRSTHDR,
  CMSG_LEN,
  CMSG_NXTHDR,
  CMSG_SPACE,
  cmsg_buffer,
  cmsgs,
} from './struct/msghdr';
export type { cmsg, cmsghdr, iovec, msghdr } from './struct/msghdr';

/** `ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);` — sendmsg(2) */
export function sendmsg(sockfd: number, msg: msghdr, flags: number): number {
  return checked(c.sendmsg(sockfd, msg, flags), 'sendmsg');
}

/**
 * `ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);` — recvmsg(2)
 *
 * Returns the number of bytes received; `msg` is updated as in C (src/c/msg.ts). A control
 * buffer too small shows as MSG_CTRUNC in `msg.msg_flags`, not as an error, as in C.
 */
export function recvmsg(sockfd: number, msg: msghdr, flags: number): number {
  return checked(c.recvmsg(sockfd, msg, flags), 'recvmsg');
}
