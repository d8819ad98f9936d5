/**
 * Socket options: setsockopt, getsockopt. See socket(7), ip(7), ipv6(7), tcp(7).
 */
import { native } from './binding';

/** struct timeval, for SO_RCVTIMEO and SO_SNDTIMEO. */
export interface timeval {
  tv_sec: number;
  tv_usec: number;
}

/** struct linger, for SO_LINGER. */
export interface linger {
  l_onoff: number;
  l_linger: number;
}

/** What an option value can be; its C type is told by its shape. */
export type optval = number | timeval | linger | Uint8Array;

/**
 * `int setsockopt(int sockfd, int level, int optname, const void *optval,
 *                 socklen_t optlen);` — setsockopt(2)
 *
 * `optval` is a number for int options (`SO_REUSEADDR`, `SO_BROADCAST`, `IPV6_V6ONLY`,
 * `TCP_NODELAY`… optlen 4), `{ tv_sec, tv_usec }` for `SO_RCVTIMEO`/`SO_SNDTIMEO`,
 * `{ l_onoff, l_linger }` for `SO_LINGER`, or a Uint8Array for any other layout (optlen
 * defaults to its byte length).
 */
export const setsockopt: (
  sockfd: number,
  level: number,
  optname: number,
  optval: optval,
  optlen?: number,
) => number = native.setsockopt;

/**
 * `int getsockopt(int sockfd, int level, int optname, void *optval,
 *                 socklen_t *optlen);` — getsockopt(2)
 *
 * `getsockopt(fd, level, optname)` returns the value in the same shapes as `setsockopt`
 * takes: a `timeval` for `SO_RCVTIMEO`/`SO_SNDTIMEO`, a `linger` for `SO_LINGER`, a number
 * otherwise. For other layouts (`TCP_INFO`, `SO_PEERCRED`…) pass a Uint8Array: it is
 * filled, and the returned number is the length the kernel wrote.
 *
 * Linux doubles the value given to SO_RCVBUF / SO_SNDBUF (room for its bookkeeping), so
 * getsockopt returns twice what setsockopt set; socket(7) says so.
 */
export function getsockopt(
  sockfd: number,
  level: number,
  optname: number,
  optval?: Uint8Array | null,
  optlen?: number,
): number | timeval | linger {
  return native.getsockopt(sockfd, level, optname, optval, optlen);
}
