/**
 * inet_pton, inet_ntop, inet_aton, inet_ntoa, inet_addr — in C's convention. Each calls
 * the C library's function, so its corner cases (`1.2.3` is accepted by inet_aton, refused
 * by inet_pton; leading zeros…) are the C library's. See inet_pton(3), inet(3).
 *
 * `struct in_addr` is `{ s_addr }` (a number holding the 4 bytes in network order, as the
 * host reads a uint32 from memory) and `struct in6_addr` `{ s6_addr }` (16 bytes); a
 * Uint8Array stands for the bytes where C takes a `void *` to one of them.
 */
import { native } from '../binding';
import * as check from '../args';
import type { in6_addr, in_addr, socklen_t } from '../struct/sockaddr';
import { storeField } from '../struct/store';
import { returnedText } from './text';
import { isLittleEndian as host } from '../byteorder';

const call = native as unknown as {
  inet_pton(af: number, src: Uint8Array, dst: Uint8Array): number;
  inet_ntop(af: number, src: Uint8Array, dst: Uint8Array, size: number): number;
  inet_aton(cp: Uint8Array, inp: Uint8Array): number;
  inet_ntoa(s_addr: number, buf: Uint8Array): number;
  inet_addr(cp: Uint8Array): number;
};

const AF_INET6 = native.constants.AF_INET6;
const INET6_ADDRSTRLEN = native.constants.INET6_ADDRSTRLEN;

// The struct a `void *` points to, for in_addr/in6_addr objects: 16 bytes of this thread.
const addr = new Uint8Array(16);
const addrView = new DataView(addr.buffer);
// Text buffers: inet_ntop's `char dst[]` when the caller gives none.
const text = Buffer.alloc(64);

/** The size of the address of `af`: 16 for AF_INET6, else 4 (an in_addr). */
function addressSize(af: number): number {
  return af === AF_INET6 ? 16 : 4;
}

/**
 * The bytes of `src` (an in_addr, an in6_addr or bytes) for family `af`: `addr`, filled, or
 * `src` itself.
 */
function addressBytes(fn: string, name: string, src: unknown, af: number): Uint8Array {
  const size = addressSize(af);
  if (check.isUint8Array(src)) {
    const given = check.byteLengthOf(src);
    if (given < size) {
      throw new RangeError(`${fn}: ${name} must hold at least ${size} bytes, got ${given}`);
    }
    return src;
  }
  if (src === null || typeof src !== 'object') {
    throw new TypeError(
      `${fn}: ${name} must be an in_addr { s_addr }, an in6_addr { s6_addr } or a Uint8Array, got ${check.describe(src)}`,
    );
  }
  if (af === AF_INET6) {
    const s6 = check.bytes((src as in6_addr).s6_addr, fn, `${name}.s6_addr`, false);
    const given = check.byteLengthOf(s6);
    if (given !== 16) {
      throw new RangeError(`${fn}: ${name}.s6_addr must hold 16 bytes, got ${given}`);
    }
    addr.set(s6);
  } else {
    const s_addr = check.uint((src as in_addr).s_addr, fn, `${name}.s_addr`, 0xffffffff);
    addrView.setUint32(0, s_addr, host);
  }
  return addr;
}

/**
 * `int inet_pton(int af, const char *src, void *dst);` — inet_pton(3)
 *
 * Fills `dst` (`in_addr.s_addr` for AF_INET, `in6_addr.s6_addr` for AF_INET6, or the
 * bytes of a Uint8Array) and returns 1; returns 0, `dst` untouched, when `src` is not a
 * valid address of `af`; returns -1 with errno `EAFNOSUPPORT` for an unknown `af`.
 */
export function inet_pton(af: number, src: string, dst: in_addr | in6_addr | Uint8Array): number {
  const family = check.int(af, 'inet_pton', 'af');
  // Encoded right before the call: reading dst.length can run a getter that makes a call.
  const text = check.string(src, 'inet_pton', 'src');
  const size = addressSize(family);
  if (check.isUint8Array(dst)) {
    const given = check.byteLengthOf(dst);
    if (given < size) {
      throw new RangeError(`inet_pton: dst must hold at least ${size} bytes, got ${given}`);
    }
    return call.inet_pton(family, check.encodeCstring(text), dst);
  }
  if (dst === null || typeof dst !== 'object') {
    throw new TypeError(
      `inet_pton: dst must be an in_addr, an in6_addr or a Uint8Array to fill, got ${check.describe(dst)}`,
    );
  }
  const ret = call.inet_pton(family, check.encodeCstring(text), addr);
  if (ret === 1) {
    if (family === AF_INET6) storeField(dst, 's6_addr', addr.slice(0, 16));
    else storeField(dst, 's_addr', addrView.getUint32(0, host));
  }
  return ret;
}

/**
 * `const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);` — inet_ntop(3)
 *
 * Returns the text, or null with errno set (`ENOSPC` when `size` is too small for it,
 * `EAFNOSUPPORT` for an unknown `af`). `dst`, a char array, is filled too when given
 * (`size` then defaults to its length, and may not exceed it); without it, `size` is the
 * buffer size C would pass (default INET6_ADDRSTRLEN).
 */
export function inet_ntop(
  af: number,
  src: in_addr | in6_addr | Uint8Array,
  dst?: Uint8Array | null,
  socklen?: number | socklen_t,
): string | null {
  // A socklen_t box stands for its value; read before src is encoded into `addr`.
  const size = socklen === undefined ? undefined : check.socklenValue(socklen);
  const family = check.int(af, 'inet_ntop', 'af');
  const bytes = addressBytes('inet_ntop', 'src', src, family);
  let buf: Uint8Array;
  let length: number;
  if (dst !== null && dst !== undefined) {
    buf = check.bytes(dst, 'inet_ntop', 'dst', false);
    length =
      size === undefined
        ? check.byteLengthOf(buf)
        : check.len(size, 'inet_ntop', 'size', buf, 'dst');
  } else {
    buf = text;
    // A larger buffer than this one changes nothing: no address text is longer than 46.
    length = Math.min(
      size === undefined ? INET6_ADDRSTRLEN : check.uint(size, 'inet_ntop', 'size', 0xffffffff),
      text.length,
    );
  }
  const n = call.inet_ntop(family, bytes, buf, length);
  if (n === 0) return null;
  // Through the intrinsic accessors: the caller's view may have own getters.
  return Buffer.from(check.bufferOf(buf), check.byteOffsetOf(buf), n).toString('latin1');
}

/**
 * `int inet_aton(const char *cp, struct in_addr *inp);` — inet(3)
 *
 * Fills `inp.s_addr` and returns 1, or returns 0 when `cp` is invalid.
 */
export function inet_aton(cp: string, inp: in_addr): number {
  const text = check.cstring(cp, 'inet_aton', 'cp');
  if (inp === null || typeof inp !== 'object' || ArrayBuffer.isView(inp)) {
    throw new TypeError(
      `inet_aton: inp must be an in_addr object to fill, got ${check.describe(inp)}`,
    );
  }
  const ret = call.inet_aton(text, addr);
  if (ret !== 0) storeField(inp, 's_addr', addrView.getUint32(0, host));
  return ret;
}

/** `char *inet_ntoa(struct in_addr in);` — inet(3): an in_addr, or its 4 bytes. */
export function inet_ntoa(inp: in_addr | Uint8Array): string {
  let s_addr: number;
  if (check.isUint8Array(inp)) {
    const given = check.byteLengthOf(inp);
    if (given < 4) {
      throw new RangeError(`inet_ntoa: in must hold at least 4 bytes, got ${given}`);
    }
    s_addr = new DataView(inp.buffer, inp.byteOffset, 4).getUint32(0, host);
  } else if (inp !== null && typeof inp === 'object') {
    s_addr = check.uint(inp.s_addr, 'inet_ntoa', 'in.s_addr', 0xffffffff);
  } else {
    throw new TypeError(
      `inet_ntoa: in must be an in_addr { s_addr } or a Uint8Array, got ${check.describe(inp)}`,
    );
  }
  return returnedText((buf) => call.inet_ntoa(s_addr, buf));
}

/**
 * `in_addr_t inet_addr(const char *cp);` — inet(3)
 *
 * Returns the address in network byte order, or `INADDR_NONE` (0xffffffff) when invalid —
 * which is also the value of "255.255.255.255", as in C.
 */
export function inet_addr(cp: string): number {
  return call.inet_addr(check.cstring(cp, 'inet_addr', 'cp'));
}
