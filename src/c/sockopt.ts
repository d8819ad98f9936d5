/**
 * setsockopt, getsockopt — in C's convention: -1 and errno on failure.
 *
 * `optval` stands for C's `void *optval`, and its JS type for the C type of the variable
 * it points to:
 *
 * | C                                   | TypeScript                                  |
 * | ----------------------------------- | ------------------------------------------- |
 * | `int on = 1; … &on, sizeof on`      | `on` (a number)           / box `{ value }` |
 * | `struct timeval tv; … &tv, sizeof tv` | `{ tv_sec, tv_usec }`                     |
 * | `struct linger lg; … &lg, sizeof lg`  | `{ l_onoff, l_linger }`                   |
 * | `unsigned char buf[N]; … buf, len`  | a Uint8Array                                |
 * | `NULL`                              | `null`                                      |
 *
 * The value is encoded (src/struct/timeval.ts) into the scratch memory that native passes
 * to the kernel, and the kernel reads `optlen` bytes of it, as in C: an option given a
 * value of another C type gets what the kernel makes of those bytes, and a short `optlen`
 * is the kernel's to refuse (EINVAL). An `optlen` beyond the value is a RangeError: C
 * would read past the variable.
 */
import { native } from '../binding';
import * as check from '../args';
import { Scratch } from '../layout';
import { OPTLEN, get_errno, scratchBytes, scratchView, set_errno } from '../scratch';
import type { socklen_t } from '../struct/sockaddr';
import { storeValue } from '../struct/store';
import {
  assign_linger,
  assign_timeval,
  check_linger,
  check_timeval,
  load_linger,
  load_timeval,
  store_linger,
  store_timeval,
  type linger,
  type timeval,
} from '../struct/timeval';
import { linger as LINGER, timeval as TIMEVAL } from '../layout';
import { isLittleEndian as host } from '../byteorder';

export type { linger, timeval } from '../struct/timeval';

const call = native as unknown as {
  setsockopt(
    sockfd: number,
    level: number,
    optname: number,
    optval: Uint8Array | null,
    optlen: number,
  ): number;
  getsockopt(
    sockfd: number,
    level: number,
    optname: number,
    optval: Uint8Array | null,
    optlen: number,
  ): number;
};

const OPTVAL = Scratch.optval.offset;
const INT = native.sizeof.int;

/** Views of Scratch::optval, one per C type: what native may read or write of it. */
const optvalInt = scratchBytes.subarray(OPTVAL, OPTVAL + INT);
const optvalTimeval = scratchBytes.subarray(OPTVAL, OPTVAL + TIMEVAL.size);
const optvalLinger = scratchBytes.subarray(OPTVAL, OPTVAL + LINGER.size);

/** An int out-argument: `int v; getsockopt(…, &v, &len)` is `getsockopt(…, v, len)` with `v = { value: 0 }`. */
export interface int_box {
  value: number;
}

/** What setsockopt's `optval` can be. */
export type optval = number | timeval | linger | Uint8Array;

/** The C type of a struct-valued option this package knows; `int` for every other. */
export type option_type = 'int' | 'timeval' | 'linger';

const c = native.constants;

/** The C type of option (level, optname): timeval, linger, or int for the rest. */
export function option_type(level: number, optname: number): option_type {
  if (level === c.SOL_SOCKET) {
    if (optname === c.SO_RCVTIMEO || optname === c.SO_SNDTIMEO) return 'timeval';
    if (optname === c.SO_LINGER) return 'linger';
  }
  return 'int';
}

/** The C type an object argument stands for: by its fields, else by the option. */
function typeOfObject(obj: object, level: number, optname: number): option_type {
  if ('tv_sec' in obj || 'tv_usec' in obj) return 'timeval';
  if ('l_onoff' in obj || 'l_linger' in obj) return 'linger';
  if ('value' in obj) return 'int';
  return option_type(level, optname);
}

/** optlen given with a value of `size` bytes: at most `size` (C would read past it). */
function lengthOf(optlen: unknown, size: number, what: string): number {
  if (optlen === undefined) return size;
  const n = check.uint(optlen, 'setsockopt', 'optlen', 0xffffffff);
  if (n > size) {
    throw new RangeError(`setsockopt: optlen (${n}) exceeds sizeof ${what} (${size})`);
  }
  return n;
}

/**
 * `int setsockopt(int sockfd, int level, int optname, const void *optval,
 *                 socklen_t optlen);` — setsockopt(2)
 *
 * `optval`: see the table above. `optlen` left out is the size of the value (4 for an int,
 * sizeof(struct timeval)…, `byteLength` for a Uint8Array, 0 for null). Returns 0, or -1
 * with errno (`ENOPROTOOPT`, `EINVAL`, `EDOM`, `EBADF`, `ENOTSOCK`…).
 */
export function setsockopt(
  sockfd: number,
  level: number,
  optname: number,
  optval: optval | null,
  optlen?: number | socklen_t,
): number {
  // A socklen_t box stands for its value (read first, as every getter is).
  const length = optlen === undefined ? undefined : check.socklenValue(optlen);
  const fd = check.int(sockfd, 'setsockopt', 'sockfd');
  const lv = check.int(level, 'setsockopt', 'level');
  const name = check.int(optname, 'setsockopt', 'optname');
  if (check.isUint8Array(optval)) {
    const n = length === undefined ? check.byteLengthOf(optval) : length;
    return call.setsockopt(
      fd,
      lv,
      name,
      optval,
      check.len(n, 'setsockopt', 'optlen', optval, 'optval'),
    );
  }
  if (typeof optval === 'number') {
    const value = check.int(optval, 'setsockopt', 'optval');
    const n = lengthOf(length, INT, 'int');
    scratchView.setInt32(OPTVAL, value, host);
    return call.setsockopt(fd, lv, name, optvalInt, n);
  }
  if (optval === null) {
    const n = length === undefined ? 0 : check.uint(length, 'setsockopt', 'optlen', 0xffffffff);
    return call.setsockopt(fd, lv, name, null, n);
  }
  if (typeof optval === 'object') {
    const type = typeOfObject(optval, lv, name);
    if (type === 'timeval') {
      const tv = check_timeval(optval, 'setsockopt', 'optval');
      const n = lengthOf(length, TIMEVAL.size, 'struct timeval');
      store_timeval(scratchView, OPTVAL, tv);
      return call.setsockopt(fd, lv, name, optvalTimeval, n);
    }
    if (type === 'linger') {
      const lg = check_linger(optval, 'setsockopt', 'optval');
      const n = lengthOf(length, LINGER.size, 'struct linger');
      store_linger(scratchView, OPTVAL, lg);
      return call.setsockopt(fd, lv, name, optvalLinger, n);
    }
  }
  throw new TypeError(
    `setsockopt: optval must be a number (int), { tv_sec, tv_usec } (timeval), { l_onoff, l_linger } (linger), a Uint8Array or null, got ${check.describe(optval)}`,
  );
}

/**
 * `int getsockopt(int sockfd, int level, int optname, void *optval,
 *                 socklen_t *optlen);` — getsockopt(2)
 *
 * ```c
 * int err; socklen_t len = sizeof err;
 * if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == -1) perror("getsockopt");
 * ```
 * ```ts
 * const err = { value: 0 }; const len: socklen_t = { value: sizeof.int };
 * if (getsockopt(s, SOL_SOCKET, SO_ERROR, err, len) == -1) perror('getsockopt');
 * ```
 * `optval` is filled as the kernel fills the C variable: an int box `{ value }`, a
 * `{ tv_sec, tv_usec }`, a `{ l_onoff, l_linger }` (an object with none of these fields
 * is filled as the option's own C type), or a Uint8Array (raw bytes: TCP_INFO,
 * SO_PEERCRED…); `null` is C's NULL. `optlen` is the socklen_t box: its `value`, the room
 * in `optval` (at most its size, else a RangeError: the kernel would write past it), is
 * replaced by the length the kernel wrote; `null` is C's NULL (EFAULT). Bytes of a struct
 * the kernel did not write read as 0. Returns 0, or -1 with errno, `optval` and `optlen`
 * then untouched.
 */
export function getsockopt(
  sockfd: number,
  level: number,
  optname: number,
  optval: Uint8Array | int_box | timeval | linger | null,
  optlen: socklen_t | null,
): number {
  const fd = check.int(sockfd, 'getsockopt', 'sockfd');
  const lv = check.int(level, 'getsockopt', 'level');
  const name = check.int(optname, 'getsockopt', 'optname');
  let capacity = 0;
  if (optlen !== null) {
    if (typeof optlen !== 'object') {
      throw new TypeError(
        `getsockopt: optlen must be a socklen_t box { value: number } or null, got ${check.describe(optlen)}`,
      );
    }
    capacity = check.uint(optlen.value, 'getsockopt', 'optlen.value', 0xffffffff);
  }
  let view: Uint8Array | null;
  let type: option_type | 'bytes' | 'null';
  if (check.isUint8Array(optval)) {
    view = optval;
    type = 'bytes';
  } else if (optval === null) {
    view = null;
    type = 'null';
  } else if (typeof optval === 'object') {
    type = typeOfObject(optval, lv, name);
    view = type === 'timeval' ? optvalTimeval : type === 'linger' ? optvalLinger : optvalInt;
  } else {
    throw new TypeError(
      `getsockopt: optval must be a Uint8Array, an int box { value }, a { tv_sec, tv_usec }, a { l_onoff, l_linger } or null, got ${check.describe(optval)}`,
    );
  }
  const room = view === null ? 0 : check.byteLengthOf(view);
  if (view !== null && optlen !== null && capacity > room) {
    throw new RangeError(
      `getsockopt: optlen.value (${capacity}) exceeds the ${room} bytes of optval`,
    );
  }
  if (type !== 'bytes' && view !== null) view.fill(0);
  scratchView.setUint32(OPTLEN, capacity, host);
  const ret = call.getsockopt(fd, lv, name, view, optlen === null ? 0 : 1);
  if (ret === -1) return ret;
  // Writing the caller's fields can run setters, which can make calls: errno is kept.
  const errno = get_errno();
  const length = scratchView.getUint32(OPTLEN, host);
  // Sloppy stores, as into every caller's object: a frozen box is left as it is.
  if (type === 'int') {
    storeValue(optval as int_box, scratchView.getInt32(OPTVAL, host));
  } else if (type === 'timeval') {
    assign_timeval(optval as timeval, load_timeval(scratchView, OPTVAL));
  } else if (type === 'linger') {
    assign_linger(optval as linger, load_linger(scratchView, OPTVAL));
  }
  if (optlen !== null) storeValue(optlen, length);
  set_errno(errno);
  return ret;
}
