/**
 * Protocol-independent name resolution: getaddrinfo, freeaddrinfo, gai_strerror,
 * getnameinfo. See getaddrinfo(3), getnameinfo(3).
 *
 * The calls of `bsd-sockets/c` (src/c/addrinfo.ts), throwing where C returns an `EAI_*`
 * code. They block while the C library resolves, as in C. Only `localhost` and numeric
 * addresses are answered without asking the machine's resolver.
 */
import { native } from './binding';
import * as check from './args';
import * as c from './c/addrinfo';
import { gaiChecked } from './errno';
import type { addrinfo, addrinfo_hints } from './struct/addrinfo';
import type { sockaddr } from './sockaddr';

export type { addrinfo, addrinfo_hints, addrinfo_node } from './struct/addrinfo';
export { freeaddrinfo, gai_strerror } from './c/addrinfo';

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
  const head = c.getaddrinfo_list(node, service, hints, c.LIST_RETURNED);
  if (typeof head === 'number') gaiChecked(head, 'getaddrinfo');
  return head as addrinfo;
}

const { NI_MAXHOST, NI_MAXSERV } = native.constants;
const host = Buffer.alloc(NI_MAXHOST);
const serv = Buffer.alloc(NI_MAXSERV);

function text(buf: Buffer): string {
  const nul = buf.indexOf(0);
  return buf.toString('utf8', 0, nul < 0 ? buf.length : nul);
}

/**
 * `int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
 *                  socklen_t hostlen, char *serv, socklen_t servlen, int flags);` — getnameinfo(3)
 *
 * Returns `{ host, serv }` (buffers of NI_MAXHOST and NI_MAXSERV bytes). Use
 * `NI_NUMERICHOST | NI_NUMERICSERV` to avoid any look-up. Failures throw as getaddrinfo's.
 */
export function getnameinfo(addr: sockaddr, flags = 0): { host: string; serv: string } {
  const f = check.int(flags, 'getnameinfo', 'flags');
  gaiChecked(c.getnameinfo(addr, undefined, host, NI_MAXHOST, serv, NI_MAXSERV, f), 'getnameinfo');
  return { host: text(host), serv: text(serv) };
}
