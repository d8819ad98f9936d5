/**
 * Address text conversions: inet_pton, inet_ntop (inet_pton(3), inet_ntop(3)) and the
 * IPv4-only inet_aton, inet_ntoa, inet_addr (inet(3)). Each calls the C library's function,
 * so its corner cases (`1.2.3` is accepted by inet_aton, refused by inet_pton; leading
 * zeros…) are the C library's.
 */
import { native } from './binding';
import type { in6_addr, in_addr } from './sockaddr';

/**
 * `int inet_pton(int af, const char *src, void *dst);` — inet_pton(3)
 *
 * Fills `dst` (`in_addr.s_addr` for AF_INET, `in6_addr.s6_addr` for AF_INET6, or the
 * bytes of a Uint8Array) and returns 1; returns 0 when `src` is not a valid address.
 * An unknown `af` throws `EAFNOSUPPORT` (C returns -1).
 */
export const inet_pton: (af: number, src: string, dst: in_addr | in6_addr | Uint8Array) => number =
  native.inet_pton;

/**
 * `const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);` — inet_ntop(3)
 *
 * Returns the text. `size` is the buffer size C would pass (default INET6_ADDRSTRLEN);
 * too small throws `ENOSPC`, as C fails.
 */
export function inet_ntop(af: number, src: in_addr | in6_addr | Uint8Array, size?: number): string {
  return native.inet_ntop(af, src, size);
}

/**
 * `int inet_aton(const char *cp, struct in_addr *inp);` — inet(3)
 *
 * Fills `inp.s_addr` and returns 1, or returns 0 when `cp` is invalid.
 */
export const inet_aton: (cp: string, inp: in_addr) => number = native.inet_aton;

/** `char *inet_ntoa(struct in_addr in);` — inet(3) */
export const inet_ntoa: (inp: in_addr | Uint8Array) => string = native.inet_ntoa;

/**
 * `in_addr_t inet_addr(const char *cp);` — inet(3)
 *
 * Returns the address in network byte order, or `INADDR_NONE` (0xffffffff) when invalid —
 * which is also the value of "255.255.255.255", as in C.
 */
export const inet_addr: (cp: string) => number = native.inet_addr;
