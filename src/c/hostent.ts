/**
 * gethostbyname, gethostbyaddr, herror, hstrerror — in C's convention: the two look-ups
 * return null and set `h_errno` (src/scratch.ts, `get_h_errno`) on failure. See
 * gethostbyname(3). Obsolete (prefer getaddrinfo), but the course uses them.
 */
import { native } from '../binding';
import * as check from '../args';
import { decode_hostent, type hostent as decoded_hostent } from '../struct/hostent';
import type { in6_addr, in_addr, Memory } from '../struct/sockaddr';
import { returnedText } from './text';
import { isLittleEndian as host } from '../byteorder';

/**
 * struct hostent, as gethostbyname(3) returns it: `h_aliases` and `h_addr_list` end with
 * a null, as C's lists end with a NULL pointer, so that C's loop ports as it is:
 * `for (i = 0; hptr.h_aliases[i] !== null; i++)`. Their `length` counts that null.
 */
export interface hostent extends Omit<decoded_hostent, 'h_aliases' | 'h_addr_list'> {
  h_aliases: [...string[], null];
  h_addr_list: [...Uint8Array[], null];
}

const call = native as unknown as {
  gethostbyname(name: Uint8Array, out: Uint8Array): number | ArrayBuffer;
  gethostbyaddr(addr: Uint8Array, len: number, type: number, out: Uint8Array): number | ArrayBuffer;
  herror(s: Uint8Array | null): void;
  hstrerror(err: number, buf: Uint8Array): number;
};

// Where native packs the hostent (native/packed.h): one buffer per thread, reused; a larger
// hostent comes back in a new ArrayBuffer.
const outBuffer = new ArrayBuffer(8192);
const out: Memory = { view: new DataView(outBuffer), bytes: new Uint8Array(outBuffer) };

function terminated(h: decoded_hostent): hostent {
  return { ...h, h_aliases: [...h.h_aliases, null], h_addr_list: [...h.h_addr_list, null] };
}

function result(ret: number | ArrayBuffer): hostent | null {
  if (typeof ret !== 'number') {
    return terminated(decode_hostent({ view: new DataView(ret), bytes: new Uint8Array(ret) }));
  }
  return ret === 0 ? null : terminated(decode_hostent(out));
}

/**
 * `struct hostent *gethostbyname(const char *name);` — gethostbyname(3)
 *
 * Returns a hostent, or null with h_errno set (`HOST_NOT_FOUND`, `TRY_AGAIN`,
 * `NO_RECOVERY`, `NO_DATA`). A dotted address is answered as is.
 */
export function gethostbyname(name: string): hostent | null {
  return result(call.gethostbyname(check.cstring(name, 'gethostbyname', 'name'), out.bytes));
}

// The bytes `(char *)&addr` points to, for an in_addr or in6_addr object.
const addrBytes = new Uint8Array(16);
const addrView = new DataView(addrBytes.buffer);

/**
 * `struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);` — gethostbyname(3)
 *
 * `addr` is what `(char *)&addr` points to in C: an `in_addr` (4 bytes), an `in6_addr`
 * (16), or the bytes themselves; `len` how many of them (checked against that size).
 * Returns a hostent, or null with h_errno set.
 */
export function gethostbyaddr(
  addr: in_addr | in6_addr | Uint8Array,
  len: number,
  type: number,
): hostent | null {
  let bytes: Uint8Array;
  if (addr instanceof Uint8Array) {
    bytes = addr;
  } else if (addr !== null && typeof addr === 'object' && 's6_addr' in addr) {
    const s6 = check.bytes(addr.s6_addr, 'gethostbyaddr', 'addr.s6_addr', false);
    if (s6.length !== 16) {
      throw new RangeError(`gethostbyaddr: addr.s6_addr must hold 16 bytes, got ${s6.length}`);
    }
    addrBytes.set(s6);
    bytes = addrBytes;
  } else if (addr !== null && typeof addr === 'object' && 's_addr' in addr) {
    addrView.setUint32(
      0,
      check.uint(addr.s_addr, 'gethostbyaddr', 'addr.s_addr', 0xffffffff),
      host,
    );
    bytes = addrBytes.subarray(0, 4);
  } else {
    throw new TypeError(
      `gethostbyaddr: addr must be a Uint8Array, an in_addr { s_addr } or an in6_addr { s6_addr }, got ${check.describe(addr)}`,
    );
  }
  const l = check.len(len, 'gethostbyaddr', 'len', bytes, 'addr');
  const t = check.int(type, 'gethostbyaddr', 'type');
  return result(call.gethostbyaddr(bytes, l, t, out.bytes));
}

/**
 * `void herror(const char *s);` — prints `s: ` and the text of h_errno on stderr, by the
 * C library's own herror.
 */
export function herror(s?: string | null): void {
  call.herror(check.optionalCstring(s, 'herror', 's'));
}

/** `const char *hstrerror(int err);` */
export function hstrerror(err: number): string {
  const e = check.int(err, 'hstrerror', 'err');
  return returnedText((buf) => call.hstrerror(e, buf));
}
