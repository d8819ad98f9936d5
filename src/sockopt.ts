/**
 * Socket options: setsockopt, getsockopt. See socket(7), ip(7), ipv6(7), tcp(7).
 *
 * The calls of `bsd-sockets/c` (src/c/sockopt.ts), throwing an `ErrnoError` where C returns
 * -1. Two conveniences over C remain here: `getsockopt(fd, level, optname)` returns the
 * value, and the value's shape must be the option's C type (a number for an int option, a
 * timeval for SO_RCVTIMEO…), a TypeError otherwise, where C hands the kernel whatever bytes
 * it is given.
 */
import * as c from './c/sockopt';
import { checked } from './errno';
import * as check from './args';
import { describe } from './args';
import { sizeof } from './sockaddr';
import { linger as LINGER, timeval as TIMEVAL } from './layout';
import type { linger, timeval } from './struct/timeval';

export type { linger, timeval } from './struct/timeval';

/** What an option value can be; its C type is told by its shape. */
export type optval = number | timeval | linger | Uint8Array;

const NAMES = {
  int: 'a number (int)',
  timeval: 'a { tv_sec, tv_usec } (struct timeval)',
  linger: 'a { l_onoff, l_linger } (struct linger)',
} as const;
const SIZES = { timeval: TIMEVAL.size, linger: LINGER.size } as const;

/** The C type `optval`'s shape says, or null when it is none (c.setsockopt says why). */
function shapeOf(optval: unknown): c.option_type | null {
  if (typeof optval === 'number') return 'int';
  if (optval !== null && typeof optval === 'object' && !(optval instanceof Uint8Array)) {
    if ('tv_sec' in optval) return 'timeval';
    if ('l_onoff' in optval) return 'linger';
  }
  return null;
}

/**
 * A value whose shape is not the option's C type would reach the kernel with the wrong
 * size (a timeval's 16 bytes read as an int): a TypeError. Raw bytes for a struct option
 * must be exactly the struct.
 */
function checkShape(level: unknown, optname: unknown, optval: unknown, optlen: unknown): void {
  if (typeof level !== 'number' || typeof optname !== 'number') return;
  const expected = c.option_type(level, optname);
  if (optval instanceof Uint8Array) {
    if (expected === 'int') return;
    const n = optlen === undefined || optlen === null ? optval.byteLength : optlen;
    if (typeof n === 'number' && n >= 0 && n <= optval.byteLength && n !== SIZES[expected]) {
      throw new RangeError(
        `setsockopt: optlen (${n}) must be ${SIZES[expected]} for ${NAMES[expected]}`,
      );
    }
    return;
  }
  const given = shapeOf(optval);
  if (given === null) {
    if (optval === null || optval === undefined || typeof optval !== 'object') {
      throw new TypeError(
        `setsockopt: optval must be a number (int), { tv_sec, tv_usec } (timeval), { l_onoff, l_linger } (linger) or a Uint8Array, got ${describe(optval)}`,
      );
    }
    return;
  }
  if (given !== expected) {
    throw new TypeError(
      `setsockopt: optval must be ${NAMES[expected]} for level ${level}, optname ${optname}, got ${NAMES[given]}`,
    );
  }
}

/**
 * `int setsockopt(int sockfd, int level, int optname, const void *optval,
 *                 socklen_t optlen);` — setsockopt(2)
 *
 * `optval` is a number for int options (`SO_REUSEADDR`, `SO_BROADCAST`, `IPV6_V6ONLY`,
 * `TCP_NODELAY`… optlen 4), `{ tv_sec, tv_usec }` for `SO_RCVTIMEO`/`SO_SNDTIMEO`,
 * `{ l_onoff, l_linger }` for `SO_LINGER`, or a Uint8Array for any other layout (optlen
 * defaults to its byte length).
 */
export function setsockopt(
  sockfd: number,
  level: number,
  optname: number,
  optval: optval,
  optlen?: number,
): number {
  checkShape(level, optname, optval, optlen);
  return checked(c.setsockopt(sockfd, level, optname, optval, optlen ?? undefined), 'setsockopt');
}

/** The socklen_t box of the root getsockopt (no JS runs while it is in use). */
const len = { value: 0 };

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
  if (optval !== null && optval !== undefined) {
    if (!(optval instanceof Uint8Array)) {
      throw new TypeError(
        `getsockopt: optval must be a Uint8Array or Buffer, got ${describe(optval)}`,
      );
    }
    const n = optlen === undefined || optlen === null ? optval.byteLength : optlen;
    len.value = check.len(n, 'getsockopt', 'optlen', optval, 'optval');
    checked(c.getsockopt(sockfd, level, optname, optval, len), 'getsockopt');
    return len.value;
  }
  const type =
    typeof level === 'number' && typeof optname === 'number'
      ? c.option_type(level, optname)
      : 'int';
  if (type === 'timeval') {
    const tv: timeval = { tv_sec: 0, tv_usec: 0 };
    len.value = TIMEVAL.size;
    checked(c.getsockopt(sockfd, level, optname, tv, len), 'getsockopt');
    return tv;
  }
  if (type === 'linger') {
    const lg: linger = { l_onoff: 0, l_linger: 0 };
    len.value = LINGER.size;
    checked(c.getsockopt(sockfd, level, optname, lg, len), 'getsockopt');
    return lg;
  }
  const box = { value: 0 };
  len.value = sizeof.int;
  checked(c.getsockopt(sockfd, level, optname, box, len), 'getsockopt');
  return box.value;
}
