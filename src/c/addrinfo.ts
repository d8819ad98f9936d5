/**
 * getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo — in C's convention: they return 0
 * or an `EAI_*` code (and errno for `EAI_SYSTEM`), never throw for a failure.
 * See getaddrinfo(3), getnameinfo(3).
 *
 * They block while the C library resolves, as in C. Only `localhost` and numeric
 * addresses are answered without asking the machine's resolver.
 */
import { native } from '../binding';
import * as check from '../args';
import { decode_addrinfo, type addrinfo, type addrinfo_hints } from '../struct/addrinfo';
import type { Memory, sockaddr, socklen_t } from '../struct/sockaddr';
import { sockaddr_storage as STORAGE } from '../layout';
import { storeValue } from '../struct/store';
import { inputAddress } from './address';
import { returnedText } from './text';

export type { addrinfo, addrinfo_hints, addrinfo_node } from '../struct/addrinfo';

const call = native as unknown as {
  getaddrinfo(
    node: Uint8Array | null,
    service: Uint8Array | null,
    hints: number,
    ai_flags: number,
    ai_family: number,
    ai_socktype: number,
    ai_protocol: number,
    list: Uint8Array,
  ): number | ArrayBuffer;
  getnameinfo(
    addrlen: number,
    host: Uint8Array | null,
    hostlen: number,
    serv: Uint8Array | null,
    servlen: number,
    flags: number,
  ): number;
  gai_strerror(errcode: number, buf: Uint8Array): number;
};

/** `struct addrinfo *res;` — what `&res` points to: getaddrinfo fills `value`. */
export interface addrinfo_ptr {
  value: addrinfo | null;
}

// Where native packs the list (native/packed.h): one buffer per thread, reused. A list
// too long for it comes back in a new ArrayBuffer instead.
const listBuffer = new ArrayBuffer(16384);
const list: Memory = { view: new DataView(listBuffer), bytes: new Uint8Array(listBuffer) };

function hintField(hints: Record<string, unknown>, key: string): number {
  const v = hints[key];
  return v === undefined || v === null ? 0 : check.int(v, 'getaddrinfo', `hints.${key}`);
}

/**
 * `int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
 *                  struct addrinfo **res);` — getaddrinfo(3)
 *
 * Returns 0 and sets `res.value` to the head of the list, or returns the `EAI_*` code
 * (`EAI_NONAME`, `EAI_SERVICE`…; `EAI_SYSTEM` with errno set), `res` untouched. `node`,
 * `service` and `hints` may be null, as in C.
 *
 * ```ts
 * const res: addrinfo_ptr = { value: null };
 * if ((rv = getaddrinfo(host, port, hints, res)) !== 0) {
 *   fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(rv));
 * }
 * ```
 */
export function getaddrinfo(
  node: string | null | undefined,
  service: string | null | undefined,
  hints: addrinfo_hints | null | undefined,
  res: addrinfo_ptr,
): number {
  // Checked first, in the order of C's arguments, but encoded after the hints: a getter
  // of hints could make a call that reuses the memory of the encoded strings.
  const nodeText = check.optionalString(node, 'getaddrinfo', 'node');
  const serviceText = check.optionalString(service, 'getaddrinfo', 'service');
  let given = 0;
  let flags = 0;
  let family = 0;
  let socktype = 0;
  let protocol = 0;
  if (hints !== null && hints !== undefined) {
    if (typeof hints !== 'object') {
      throw new TypeError(
        `getaddrinfo: hints must be an object or null, got ${check.describe(hints)}`,
      );
    }
    const h = hints as Record<string, unknown>;
    given = 1;
    flags = hintField(h, 'ai_flags');
    family = hintField(h, 'ai_family');
    socktype = hintField(h, 'ai_socktype');
    protocol = hintField(h, 'ai_protocol');
  }
  if (res === null || typeof res !== 'object') {
    throw new TypeError(
      `getaddrinfo: res must be a box { value } to fill (struct addrinfo **), got ${check.describe(res)}`,
    );
  }
  const n = nodeText === null ? null : check.cstringBuffer(nodeText, 0);
  const s = serviceText === null ? null : check.cstringBuffer(serviceText, 1);
  const rc = call.getaddrinfo(n, s, given, flags, family, socktype, protocol, list.bytes);
  if (typeof rc !== 'number') {
    storeValue(res, decode_addrinfo({ view: new DataView(rc), bytes: new Uint8Array(rc) }));
    return 0;
  }
  if (rc === 0) storeValue(res, decode_addrinfo(list));
  return rc;
}

/**
 * `void freeaddrinfo(struct addrinfo *res);` — getaddrinfo(3)
 *
 * The C list was freed as soon as it was copied (native/addrinfo.cc); the objects belong
 * to the garbage collector. Kept so that ports read like their C original. The box that
 * getaddrinfo filled is accepted for the list it holds, as a socklen_t box is for its value:
 * `getaddrinfo(host, serv, hints, res); … freeaddrinfo(res);` reads as C.
 */
export function freeaddrinfo(res: addrinfo | addrinfo_ptr | null): void {
  if (res !== null && typeof res === 'object' && !('ai_family' in res) && 'value' in res) {
    res = res.value;
  }
  if (res !== null && (typeof res !== 'object' || !('ai_family' in res))) {
    throw new TypeError('freeaddrinfo: res must be a list returned by getaddrinfo');
  }
}

/** `const char *gai_strerror(int errcode);` — getaddrinfo(3) */
export function gai_strerror(errcode: number): string {
  const e = check.int(errcode, 'gai_strerror', 'errcode');
  return returnedText((buf) => call.gai_strerror(e, buf));
}

/**
 * `int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
 *                  socklen_t hostlen, char *serv, socklen_t servlen, int flags);` — getnameinfo(3)
 *
 * `host` and `serv` are char arrays (Uint8Array, e.g. `new Uint8Array(NI_MAXHOST)`) that C
 * fills with NUL-terminated text, or null; `hostlen` and `servlen` at most their lengths.
 * `addrlen` undefined is the struct's length. Returns 0 or an `EAI_*` code. Use
 * `NI_NUMERICHOST | NI_NUMERICSERV` to avoid any look-up.
 */
export function getnameinfo(
  addr: sockaddr,
  addrlen: number | socklen_t | undefined,
  host: Uint8Array | null,
  hostlen: number | socklen_t,
  serv: Uint8Array | null,
  servlen: number | socklen_t,
  flags: number,
): number {
  // Every socklen_t box is read before the address is encoded into the scratch.
  const hostlenValue = check.socklenValue(hostlen);
  const servlenValue = check.socklenValue(servlen);
  const length = inputAddress('getnameinfo', addr, addrlen);
  if (length > STORAGE.size) {
    throw new RangeError(
      `getnameinfo: addrlen (${length}) exceeds sizeof(struct sockaddr_storage) (${STORAGE.size})`,
    );
  }
  const f = check.int(flags, 'getnameinfo', 'flags');
  const h =
    host === null || host === undefined ? null : check.bytes(host, 'getnameinfo', 'host', false);
  const hl =
    h === null
      ? check.uint(hostlenValue, 'getnameinfo', 'hostlen', 0)
      : check.len(hostlenValue, 'getnameinfo', 'hostlen', h, 'host');
  const v =
    serv === null || serv === undefined ? null : check.bytes(serv, 'getnameinfo', 'serv', false);
  const vl =
    v === null
      ? check.uint(servlenValue, 'getnameinfo', 'servlen', 0)
      : check.len(servlenValue, 'getnameinfo', 'servlen', v, 'serv');
  return call.getnameinfo(length, h, hl, v, vl, f);
}
