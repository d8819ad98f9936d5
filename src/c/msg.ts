/**
 * sendmsg, recvmsg — in C's convention: -1 and errno on failure.
 *
 * `msg` is a struct msghdr with its C fields (src/struct/msghdr.ts): the destination or
 * source address, the iovec array, the ancillary data. It is encoded into the bytes of a C
 * msghdr and iovec array; native writes the pointers of the buffers into them and makes
 * the call on those bytes (native/msg.cc), so strace shows the struct as C's. recvmsg then
 * updates `msg_namelen`, `msg_controllen` and `msg_flags` (MSG_TRUNC, MSG_CTRUNC…) and fills
 * `msg_name`; walk the control data with CMSG_FIRSTHDR / CMSG_NXTHDR / CMSG_DATA.
 */
import { native } from '../binding';
import * as check from '../args';
import { decode_msghdr, encode_msghdr, type EncodedMsghdr, type msghdr } from '../struct/msghdr';

type Entry = (
  sockfd: number,
  msg: Uint8Array,
  flags: number,
  iov: Uint8Array | null,
  name: Uint8Array | null,
  control: Uint8Array | null,
  ...bases: Uint8Array[]
) => number;
const call = native as unknown as { sendmsg: Entry; recvmsg: Entry };

function invoke(entry: Entry, fd: number, e: EncodedMsghdr, flags: number): number {
  // Spread only when needed: one or two buffers are the common case.
  const b = e.bases;
  if (b.length === 0) return entry(fd, e.msg, flags, e.iov, e.name, e.control);
  if (b.length === 1) return entry(fd, e.msg, flags, e.iov, e.name, e.control, b[0]);
  return entry(fd, e.msg, flags, e.iov, e.name, e.control, ...b);
}

/**
 * `ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);` — sendmsg(2)
 *
 * Sends the `iov_len` bytes of each `msg_iov` entry, in order, as one message (to
 * `msg_name` when given), with the control messages of `msg_control` (build it with
 * `cmsg_buffer`). Returns the number of bytes sent, or -1 with errno.
 */
export function sendmsg(sockfd: number, msg: msghdr, flags: number): number {
  const fd = check.int(sockfd, 'sendmsg', 'sockfd');
  const f = check.int(flags, 'sendmsg', 'flags');
  return invoke(call.sendmsg, fd, encode_msghdr(msg, 'sendmsg', true), f);
}

/**
 * `ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);` — recvmsg(2)
 *
 * Receives one message into the `msg_iov` buffers, the sender's address into `msg_name`
 * (when not null, `msg_namelen` its capacity, then its length), and the ancillary data into
 * `msg_control` (`msg_controllen` its capacity, then the length written). `msg_flags` says
 * MSG_TRUNC (the datagram was longer than the buffers) or MSG_CTRUNC (the control data was
 * longer than msg_control). Returns the number of bytes received, or -1 with errno.
 */
export function recvmsg(sockfd: number, msg: msghdr, flags: number): number {
  const fd = check.int(sockfd, 'recvmsg', 'sockfd');
  const f = check.int(flags, 'recvmsg', 'flags');
  const encoded = encode_msghdr(msg, 'recvmsg', false);
  const ret = invoke(call.recvmsg, fd, encoded, f);
  if (ret >= 0) decode_msghdr(msg, encoded);
  return ret;
}
