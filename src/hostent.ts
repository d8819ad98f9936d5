/**
 * The legacy IPv4 resolver: gethostbyname, gethostbyaddr, h_errno, herror, hstrerror.
 * See gethostbyname(3). Obsolete (prefer getaddrinfo), but the course uses it.
 *
 * The calls of `bsd-sockets/c` (src/c/hostent.ts): these return null and set h_errno in
 * both entries, as C does (there is no errno to throw).
 */
import * as c from './c/hostent';
import type { hostent } from './c/hostent';
import type { in6_addr, in_addr } from './struct/sockaddr';
import { get_h_errno } from './scratch';

/** struct hostent: h_aliases and h_addr_list end with a null, as in C (src/c/hostent.ts). */
export type { hostent } from './c/hostent';
export { herror, hstrerror } from './c/hostent';

/**
 * `extern int h_errno;` — the error of the last gethostbyname/gethostbyaddr that
 * returned null (`HOST_NOT_FOUND`, `TRY_AGAIN`, `NO_RECOVERY`, `NO_DATA`). A live binding:
 * read it right after the call, as in C.
 */
export let h_errno = 0;

/**
 * `struct hostent *gethostbyname(const char *name);` — gethostbyname(3)
 *
 * Returns a hostent, or `null` with `h_errno` set. A dotted address is answered as is.
 */
export function gethostbyname(name: string): hostent | null {
  const result = c.gethostbyname(name);
  h_errno = get_h_errno();
  return result;
}

/**
 * `struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);` — gethostbyname(3)
 *
 * `addr` is what `(char *)&addr` points to: an in_addr, an in6_addr, or the address's bytes
 * (4 for AF_INET, 16 for AF_INET6); `len` how many of them.
 */
export function gethostbyaddr(
  addr: in_addr | in6_addr | Uint8Array,
  len: number,
  type: number,
): hostent | null {
  const result = c.gethostbyaddr(addr, len, type);
  h_errno = get_h_errno();
  return result;
}
