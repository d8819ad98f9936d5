/**
 * if_nametoindex, if_indextoname — in C's convention: 0 or null, and errno, on failure.
 * if_nametoindex(3). Interface indexes are what a sockaddr_ll's `sll_ifindex` and a
 * sockaddr_in6's `sin6_scope_id` hold.
 */
import { native } from '../binding';
import * as check from '../args';

const call = native as unknown as {
  if_nametoindex(ifname: Uint8Array): number;
  if_indextoname(ifindex: number, ifname: Uint8Array): number;
};

/** IF_NAMESIZE, from <net/if.h>: an interface name with its NUL fits in it. */
export const IF_NAMESIZE: number = (native.constants as Record<string, number>).IF_NAMESIZE;

/**
 * `unsigned int if_nametoindex(const char *ifname);` — if_nametoindex(3)
 *
 * Returns the index of the interface called `ifname` ("lo", "eth0"), or 0 with errno
 * (ENODEV: no such interface).
 */
export function if_nametoindex(ifname: string): number {
  return call.if_nametoindex(check.cstring(ifname, 'if_nametoindex', 'ifname'));
}

/**
 * `char *if_indextoname(unsigned int ifindex, char *ifname);` — if_indextoname(3)
 *
 * Writes the name of interface `ifindex` into `ifname` (IF_NAMESIZE bytes at least, a
 * RangeError otherwise, as C would write past a smaller one; a new buffer when omitted) and
 * returns it as a string; null with errno (ENXIO: no such index) where C returns NULL.
 */
export function if_indextoname(ifindex: number, ifname?: Uint8Array): string | null {
  const index = check.uint(ifindex, 'if_indextoname', 'ifindex', 0xffffffff);
  const buf =
    ifname === undefined
      ? new Uint8Array(IF_NAMESIZE)
      : check.bytes(ifname, 'if_indextoname', 'ifname', false);
  const size = check.byteLengthOf(buf);
  if (size < IF_NAMESIZE) {
    throw new RangeError(
      `if_indextoname: ifname holds ${size} bytes, fewer than IF_NAMESIZE (${IF_NAMESIZE})`,
    );
  }
  if (call.if_indextoname(index, buf) === 0) return null;
  // Through the intrinsic accessors: the caller's view may have own getters.
  const text = Buffer.from(check.bufferOf(buf), check.byteOffsetOf(buf), IF_NAMESIZE);
  const nul = text.indexOf(0);
  return text.toString('utf8', 0, nul >= 0 ? nul : IF_NAMESIZE);
}
