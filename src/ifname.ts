/**
 * if_nametoindex, if_indextoname: the calls of `bsd-sockets/c` (src/c/ifname.ts), throwing
 * an `ErrnoError` where C returns 0 or NULL.
 */
import * as c from './c/ifname';
import { errnoError } from './errno';
import { get_errno } from './scratch';

/** `unsigned int if_nametoindex(const char *ifname);` — throws ENODEV for no such name. */
export function if_nametoindex(ifname: string): number {
  const index = c.if_nametoindex(ifname);
  if (index === 0) throw errnoError('if_nametoindex', get_errno(), if_nametoindex);
  return index;
}

/** `char *if_indextoname(unsigned int ifindex, char *ifname);` — throws ENXIO for no such index. */
export function if_indextoname(ifindex: number, ifname?: Uint8Array): string {
  const name = c.if_indextoname(ifindex, ifname);
  if (name === null) throw errnoError('if_indextoname', get_errno(), if_indextoname);
  return name;
}
