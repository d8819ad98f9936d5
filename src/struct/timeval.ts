/**
 * struct timeval and struct linger: the two struct values of socket options
 * (SO_RCVTIMEO/SO_SNDTIMEO, SO_LINGER), and select's timeout.
 *
 * ```
 * struct timeval (16 bytes)          offset  size
 *   time_t       tv_sec                 0      8   seconds
 *   suseconds_t  tv_usec                8      8   microseconds, [0, 999999]
 *
 * struct linger (8 bytes)            offset  size
 *   int          l_onoff                0      4   0: off, else on
 *   int          l_linger               4      4   seconds to linger on close
 * ```
 * (the numbers are Linux x86-64's; the code reads them from `layout.timeval` and
 * `layout.linger`.) Every field is a signed integer in host byte order. A `tv_usec` of a
 * second or more, or a negative time, is the kernel's to refuse (EDOM, EINVAL), as in C.
 * See socket(7), select(2).
 */
import * as check from '../args';
import * as layout from '../layout';
import { isLittleEndian as host } from '../byteorder';
import { sloppy } from './store';

/** struct timeval { time_t tv_sec; suseconds_t tv_usec; } */
export interface timeval {
  tv_sec: number;
  tv_usec: number;
}

/** struct linger { int l_onoff; int l_linger; } */
export interface linger {
  l_onoff: number;
  l_linger: number;
}

const TV = layout.timeval;
const LG = layout.linger;

/** A signed integer field of `size` bytes (4 or 8), as a JS number holds it exactly. */
function signed(v: unknown, fn: string, name: string, size: number): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (size >= 8 || (v | 0) === v)) return v;
  if (typeof v !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an integer, got ${check.describe(v)}`);
  }
  const max = size >= 8 ? Number.MAX_SAFE_INTEGER : 2147483647;
  const min = size >= 8 ? -Number.MAX_SAFE_INTEGER : -2147483648;
  throw new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
}

function setSigned(view: DataView, at: number, size: number, value: number): void {
  if (size === 8) view.setBigInt64(at, BigInt(value), host);
  else view.setInt32(at, value, host);
}

function getSigned(view: DataView, at: number, size: number): number {
  return size === 8 ? Number(view.getBigInt64(at, host)) : view.getInt32(at, host);
}

/**
 * Reads and checks the fields of a timeval argument named `name`: a fresh
 * `{ tv_sec, tv_usec }`. Reading a field can run a getter, so the fields are read here, all
 * of them, before anything is written into shared memory (store_timeval).
 */
export function check_timeval(v: unknown, fn: string, name: string): timeval {
  const tv = check.object(v, fn, name);
  const tv_sec = signed(tv.tv_sec, fn, `${name}.tv_sec`, TV.tv_sec.size);
  const tv_usec = signed(tv.tv_usec, fn, `${name}.tv_usec`, TV.tv_usec.size);
  return { tv_sec, tv_usec };
}

/** Writes `tv` as a struct timeval at `at`; returns sizeof(struct timeval). */
export function store_timeval(view: DataView, at: number, tv: timeval): number {
  setSigned(view, at + TV.tv_sec.offset, TV.tv_sec.size, tv.tv_sec);
  setSigned(view, at + TV.tv_usec.offset, TV.tv_usec.size, tv.tv_usec);
  return TV.size;
}

/** Reads the struct timeval at `at`. */
export function load_timeval(view: DataView, at: number): timeval {
  return {
    tv_sec: getSigned(view, at + TV.tv_sec.offset, TV.tv_sec.size),
    tv_usec: getSigned(view, at + TV.tv_usec.offset, TV.tv_usec.size),
  };
}

/** Reads and checks the fields of a linger argument: a fresh `{ l_onoff, l_linger }`. */
export function check_linger(v: unknown, fn: string, name: string): linger {
  const lg = check.object(v, fn, name);
  const l_onoff = check.int(lg.l_onoff, fn, `${name}.l_onoff`);
  const l_linger = check.int(lg.l_linger, fn, `${name}.l_linger`);
  return { l_onoff, l_linger };
}

/** Writes `lg` as a struct linger at `at`; returns sizeof(struct linger). */
export function store_linger(view: DataView, at: number, lg: linger): number {
  view.setInt32(at + LG.l_onoff.offset, lg.l_onoff, host);
  view.setInt32(at + LG.l_linger.offset, lg.l_linger, host);
  return LG.size;
}

/** Reads the struct linger at `at`. */
export function load_linger(view: DataView, at: number): linger {
  return {
    l_onoff: view.getInt32(at + LG.l_onoff.offset, host),
    l_linger: view.getInt32(at + LG.l_linger.offset, host),
  };
}

/** `*t = tv` into the caller's struct timeval, stored as every store into it is (./store.ts). */
export const assign_timeval = sloppy(
  ['t', 'tv'],
  't.tv_sec = tv.tv_sec; t.tv_usec = tv.tv_usec;',
) as (t: object, tv: timeval) => void;

/** `*t = lg` into the caller's struct linger, stored as every store into it is (./store.ts). */
export const assign_linger = sloppy(
  ['t', 'lg'],
  't.l_onoff = lg.l_onoff; t.l_linger = lg.l_linger;',
) as (t: object, lg: linger) => void;
