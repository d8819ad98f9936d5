/**
 * The legacy IPv4 resolver: gethostbyname, gethostbyaddr, h_errno, herror, hstrerror.
 * See gethostbyname(3). Obsolete (prefer getaddrinfo), but the course uses it.
 */
import { native } from './binding';

/**
 * struct hostent. `h_addr_list` holds the addresses as bytes (`char *` in C, network byte
 * order, `h_length` bytes each); `h_addr` is `h_addr_list[0]`, as the C macro is.
 * `as_in_addr(hostent.h_addr)` is the cast `*(struct in_addr *)hostent->h_addr`.
 */
export interface hostent {
  h_name: string;
  h_aliases: string[];
  h_addrtype: number;
  h_length: number;
  h_addr_list: Uint8Array[];
  h_addr: Uint8Array | null;
}

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
  const result = native.gethostbyname(name);
  h_errno = native.get_h_errno();
  return result;
}

/**
 * `struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);` — gethostbyname(3)
 *
 * `addr` is the address's bytes (4 for AF_INET, 16 for AF_INET6), `len` how many of them.
 */
export function gethostbyaddr(addr: Uint8Array, len: number, type: number): hostent | null {
  const result = native.gethostbyaddr(addr, len, type);
  h_errno = native.get_h_errno();
  return result;
}

/**
 * `void herror(const char *s);` — prints `s: ` and the text of h_errno on stderr, by the
 * C library's own herror.
 */
export function herror(s?: string | null): void {
  native.herror(s);
}

/** `const char *hstrerror(int err);` */
export const hstrerror: (err: number) => string = native.hstrerror;
