/**
 * Address text conversions: inet_pton, inet_ntop (inet_pton(3), inet_ntop(3)) and the
 * IPv4-only inet_aton, inet_ntoa, inet_addr (inet(3)). Each calls the C library's function,
 * so its corner cases (`1.2.3` is accepted by inet_aton, refused by inet_pton; leading
 * zeros…) are the C library's.
 *
 * The calls of `bsd-sockets/c` (src/c/inet.ts), throwing where C returns -1 or NULL.
 */
import * as c from './c/inet';
import { checked, errnoError } from './errno';
import { get_errno } from './scratch';
import type { in6_addr, in_addr } from './struct/sockaddr';

export { inet_aton, inet_ntoa, inet_addr } from './c/inet';

/**
 * `int inet_pton(int af, const char *src, void *dst);` — inet_pton(3)
 *
 * Fills `dst` (`in_addr.s_addr` for AF_INET, `in6_addr.s6_addr` for AF_INET6, or the
 * bytes of a Uint8Array) and returns 1; returns 0 when `src` is not a valid address.
 * An unknown `af` throws `EAFNOSUPPORT` (C returns -1).
 */
export function inet_pton(af: number, src: string, dst: in_addr | in6_addr | Uint8Array): number {
  return checked(c.inet_pton(af, src, dst), 'inet_pton');
}

/**
 * `const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);` — inet_ntop(3)
 *
 * Returns the text. `size` is the buffer size C would pass (default INET6_ADDRSTRLEN);
 * too small throws `ENOSPC`, as C fails.
 */
export function inet_ntop(af: number, src: in_addr | in6_addr | Uint8Array, size?: number): string {
  const text = c.inet_ntop(af, src, null, size);
  if (text === null) throw errnoError('inet_ntop', get_errno(), inet_ntop);
  return text;
}
