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
import {
  decode_addrinfo,
  packedMemory,
  type addrinfo,
  type addrinfo_hints,
  type PackedMemory,
} from '../struct/addrinfo';
import type { sockaddr, socklen_t } from '../struct/sockaddr';
import { Scratch, sockaddr_storage as STORAGE } from '../layout';
import { RESULT, scratch, scratchArgs, scratchBytes, scratchResult, scratchView } from '../scratch';
import { storeValue } from '../struct/store';
import { inputAddress } from './address';
import { returnedText } from './text';

export type { addrinfo, addrinfo_hints, addrinfo_node } from '../struct/addrinfo';

const call = native as unknown as {
  // Arguments in the scratch (Scratch::gai_args, gai_node, gai_service), C's result in
  // Scratch::result; a string too long for the scratch as a byte view argument. Returns the
  // ArrayBuffer of a list too long for Scratch::gai_list, else undefined.
  getaddrinfo(node?: Uint8Array | null, service?: Uint8Array | null): ArrayBuffer | undefined;
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
const native_getaddrinfo = call.getaddrinfo;

/** `struct addrinfo *res;` — what `&res` points to: getaddrinfo fills `value`. */
export interface addrinfo_ptr {
  value: addrinfo | null;
}

// getaddrinfo's memory in the scratch (native/boundary.h): Scratch::gai_args as Int32Array
// indexes (node, service, hints, then hints' four fields), the rooms of node and service
// (NI_MAXHOST and NI_MAXSERV bytes, their NUL included), and where native packs the list.
const GAI_ARGS = Scratch.gai_args.offset / 4;
const nodeRoom = new Uint8Array(scratch, Scratch.gai_node.offset, Scratch.gai_node.size);
const serviceRoom = new Uint8Array(scratch, Scratch.gai_service.offset, Scratch.gai_service.size);
// The same rooms without their last byte: where TextEncoder may write, the NUL's place kept.
const nodeText = nodeRoom.subarray(0, nodeRoom.length - 1);
const serviceText = serviceRoom.subarray(0, serviceRoom.length - 1);
const list: PackedMemory = packedMemory({ view: scratchView, bytes: scratchBytes });
const LIST = Scratch.gai_list.offset;

/** Scratch::gai_args's node and service: C's NULL, the text in the scratch, a byte view. */
const NULL = 0;
const IN_SCRATCH = 1;
const AS_VIEW = 2;

const utf8 = new TextEncoder();

/**
 * Writes `text` as C receives a `const char *` (its UTF-8 bytes, then a NUL) into `room`;
 * returns IN_SCRATCH, or AS_VIEW for a text that does not fit (then passed as a byte
 * view: what C reads is the same, only slower to hand over). ASCII, the common case, is
 * written unit by unit; other text by TextEncoder into `textRoom` (room minus its NUL).
 */
function encodeText(text: string, room: Uint8Array, textRoom: Uint8Array): number {
  const n = text.length;
  if (n >= room.length) return AS_VIEW;
  let i = 0;
  for (; i < n; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) break;
    room[i] = unit;
  }
  if (i < n) {
    const { read, written } = utf8.encodeInto(text, textRoom);
    if (read !== n) return AS_VIEW;
    i = written;
  }
  room[i] = 0;
  return IN_SCRATCH;
}

/** A field of hints: 0 when absent (undefined or null), else a C int. */
function hintField(v: unknown, name: string): number {
  return v === undefined || v === null ? 0 : check.int(v, 'getaddrinfo', name);
}

/** `res` for the root entry, which returns the list: there is no box to check. */
export const LIST_RETURNED: object = Object.freeze({});

/**
 * getaddrinfo for both entries: the head of the list, or C's `EAI_*` code. `res` is the
 * box of bsd-sockets/c, only checked here (in the order of C's arguments), or
 * LIST_RETURNED.
 */
export function getaddrinfo_list(
  node: string | null | undefined,
  service: string | null | undefined,
  hints: addrinfo_hints | null | undefined,
  res: unknown,
): addrinfo | number {
  // Every argument is checked and every field of hints read (a getter runs here, and may
  // make its own call) before anything is written into the scratch, in the order of C's
  // arguments.
  const nodeString = check.optionalString(node, 'getaddrinfo', 'node');
  const serviceString = check.optionalString(service, 'getaddrinfo', 'service');
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
    given = 1;
    flags = hintField(hints.ai_flags, 'hints.ai_flags');
    family = hintField(hints.ai_family, 'hints.ai_family');
    socktype = hintField(hints.ai_socktype, 'hints.ai_socktype');
    protocol = hintField(hints.ai_protocol, 'hints.ai_protocol');
  }
  if (res !== LIST_RETURNED && (res === null || typeof res !== 'object')) {
    throw new TypeError(
      `getaddrinfo: res must be a box { value } to fill (struct addrinfo **), got ${check.describe(res)}`,
    );
  }
  // From here to the call, none of the caller's code runs: the scratch holds this call's
  // arguments only.
  const n = nodeString === null ? NULL : encodeText(nodeString, nodeRoom, nodeText);
  const s = serviceString === null ? NULL : encodeText(serviceString, serviceRoom, serviceText);
  const args = scratchArgs;
  args[GAI_ARGS] = n;
  args[GAI_ARGS + 1] = s;
  args[GAI_ARGS + 2] = given;
  args[GAI_ARGS + 3] = flags;
  args[GAI_ARGS + 4] = family;
  args[GAI_ARGS + 5] = socktype;
  args[GAI_ARGS + 6] = protocol;
  const longer =
    n === AS_VIEW || s === AS_VIEW
      ? native_getaddrinfo(
          n === AS_VIEW ? check.cstringBuffer(nodeString as string, 0) : null,
          s === AS_VIEW ? check.cstringBuffer(serviceString as string, 1) : null,
        )
      : native_getaddrinfo();
  const rc = scratchResult[RESULT];
  if (rc !== 0) return rc;
  return longer === undefined ? decode_addrinfo(list, LIST) : decode_addrinfo(memoryOf(longer), 0);
}

/** The memory of a list native packed into a buffer of its own. */
function memoryOf(buffer: ArrayBuffer): PackedMemory {
  return packedMemory({ view: new DataView(buffer), bytes: new Uint8Array(buffer) });
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
  const head = getaddrinfo_list(node, service, hints, res);
  if (typeof head === 'number') return head;
  // Stored once the list is decoded: a setter of res.value may make its own call.
  storeValue(res, head);
  return 0;
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
