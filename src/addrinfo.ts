/**
 * Protocol-independent name resolution: getaddrinfo, freeaddrinfo, gai_strerror,
 * getnameinfo. See getaddrinfo(3), getnameinfo(3).
 *
 * They block while the C library resolves, as in C. Only `localhost` and numeric
 * addresses are answered without asking the machine's resolver.
 */
import { native } from './binding';
import type { sockaddr, sockaddr_storage } from './sockaddr';

/** The `hints` argument: the fields C reads from it, all optional (0 by default). */
export interface addrinfo_hints {
  ai_flags?: number;
  ai_family?: number;
  ai_socktype?: number;
  ai_protocol?: number;
}

/** One entry of getaddrinfo's list, as the native layer builds it. */
export interface addrinfo_node {
  ai_flags: number;
  ai_family: number;
  ai_socktype: number;
  ai_protocol: number;
  ai_addrlen: number;
  ai_addr: sockaddr_storage;
  ai_canonname: string | null;
  ai_next: addrinfo_node | null;
}

/**
 * struct addrinfo: walk it with `ai_next` as in C
 * (`for (rp = result; rp != null; rp = rp.ai_next)`), or iterate it (`for (const ai of result)`).
 */
export interface addrinfo extends addrinfo_node, Iterable<addrinfo> {
  ai_next: addrinfo | null;
}

const addrinfoPrototype = {
  *[Symbol.iterator](this: addrinfo): Iterator<addrinfo> {
    yield this;
    for (let ai = this.ai_next; ai !== null; ai = ai.ai_next) yield ai;
  },
};

/**
 * `int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
 *                  struct addrinfo **res);` — getaddrinfo(3)
 *
 * Returns `res`, the head of the list. A failure throws an error whose `code` is the
 * `EAI_*` name, `errno` the `EAI_*` value C returned, and whose message holds
 * `gai_strerror`'s text (`EAI_SYSTEM` carries the errno instead). `node` or `service` may
 * be `null`, as in C.
 */
export function getaddrinfo(
  node: string | null | undefined,
  service: string | null | undefined,
  hints?: addrinfo_hints | null,
): addrinfo {
  const head = native.getaddrinfo(node, service, hints);
  for (let ai: addrinfo_node | null = head; ai !== null; ai = ai.ai_next) {
    Object.setPrototypeOf(ai, addrinfoPrototype);
  }
  return head as addrinfo;
}

/**
 * `void freeaddrinfo(struct addrinfo *res);` — getaddrinfo(3)
 *
 * The list is made of JS objects the garbage collector owns (the C list was freed as soon
 * as it was copied), so there is nothing to free; kept so that ports read like their C
 * original. Calling it is optional.
 */
export function freeaddrinfo(res: addrinfo | null): void {
  if (res !== null && (typeof res !== 'object' || !('ai_family' in res))) {
    throw new TypeError('freeaddrinfo: res must be a list returned by getaddrinfo');
  }
}

/** `const char *gai_strerror(int errcode);` — getaddrinfo(3) */
export const gai_strerror: (errcode: number) => string = native.gai_strerror;

/**
 * `int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
 *                  socklen_t hostlen, char *serv, socklen_t servlen, int flags);` — getnameinfo(3)
 *
 * Returns `{ host, serv }` (buffers of NI_MAXHOST and NI_MAXSERV bytes). Use
 * `NI_NUMERICHOST | NI_NUMERICSERV` to avoid any look-up. Failures throw as getaddrinfo's.
 */
export function getnameinfo(addr: sockaddr, flags = 0): { host: string; serv: string } {
  return native.getnameinfo(addr, flags);
}
