/**
 * Structs declared as in C: a zeroed constructor for each struct of the API, `sizeof`,
 * `bzero` / `memset` that take a struct, and struct assignment.
 *
 * ```c
 * struct sockaddr_in servaddr;                      const servaddr = new sockaddr_in();
 * bzero(&servaddr, sizeof(servaddr));               bzero(servaddr, sizeof(servaddr));
 * servaddr.sin_family = AF_INET;                    servaddr.sin_family = AF_INET;
 * rset = allset;                                    struct_assign(rset, allset);
 * ```
 *
 * `new sockaddr_in()` is the struct as `memset(&s, 0, sizeof s)` leaves it: every number 0,
 * every byte array zeroed, every pointer NULL (null). A C program that declares a struct and
 * zeroes it keeps both lines; the `bzero` is then a no-op, as it is for a static struct.
 * Each class has exactly the fields of the struct's type (src/struct/sockaddr.ts…), so an
 * instance is accepted wherever the struct is, and an object literal is still a struct.
 *
 * `sizeof(x)` is the C size of the struct `x` is (by its class, or by its fields as the
 * calls tell a struct: `sin_family` is a sockaddr_in…), of a byte array (`char buf[N]`: N),
 * of an array of structs, or of an int for a number; `sizeof.int`, `sizeof.long`,
 * `sizeof.sockaddr_in`… are the types', all from the C compiler (src/layout.ts).
 */
import * as check from '../args';
import * as layout from '../layout';
import { native } from '../binding';
import { fd_set } from './fd_set';
import { storeField } from './store';
import type * as t from './sockaddr';
import type { sockaddr_storage as storage_fields } from './sockaddr';
import type * as tv from './timeval';
import type * as msg from './msghdr';
import type * as ai from './addrinfo';
import type * as pfd from './pollfd';

/** `struct in_addr a;` zeroed: `s_addr` INADDR_ANY (0). */
export class in_addr implements t.in_addr {
  s_addr = 0;
}

/** `struct in6_addr a;` zeroed: the 16 bytes of `::` (in6addr_any). */
export class in6_addr implements t.in6_addr {
  s6_addr: Uint8Array = new Uint8Array(layout.in6_addr.s6_addr.size);
}

/** `struct sockaddr_in a;` zeroed (ip(7)): family 0 (AF_UNSPEC), port 0, INADDR_ANY. */
export class sockaddr_in implements t.sockaddr_in {
  sin_family = 0;
  sin_port = 0;
  sin_addr: t.in_addr = new in_addr();
  sin_zero?: Uint8Array = new Uint8Array(layout.sockaddr_in.sin_zero.size);
}

/** `struct sockaddr_in6 a;` zeroed (ipv6(7)). */
export class sockaddr_in6 implements t.sockaddr_in6 {
  sin6_family = 0;
  sin6_port = 0;
  sin6_flowinfo?: number = 0;
  sin6_addr: t.in6_addr = new in6_addr();
  sin6_scope_id?: number = 0;
}

/**
 * `struct sockaddr_un a;` zeroed (unix(7)): `sun_path` is its 108 bytes, all NUL, to fill
 * as C does (`strncpy(a.sun_path, path, sizeof(a.sun_path) - 1)`); a call then passes the
 * whole struct, as `sizeof(a)` does in C. A string may be assigned instead.
 */
export class sockaddr_un implements t.sockaddr_un {
  sun_family = 0;
  sun_path: string | Uint8Array = new Uint8Array(layout.sockaddr_un.sun_path.size);
}

/** `struct sockaddr_ll a;` zeroed (packet(7)): `sll_addr` its 8 bytes. */
export class sockaddr_ll implements t.sockaddr_ll {
  sll_family = 0;
  sll_protocol?: number = 0;
  sll_ifindex?: number = 0;
  sll_hatype?: number = 0;
  sll_pkttype?: number = 0;
  sll_halen?: number = 0;
  sll_addr?: Uint8Array = new Uint8Array(layout.sockaddr_ll.sll_addr.size);
}

/** `struct sockaddr_nl a;` zeroed (netlink(7)): pid 0 (the kernel), no groups. */
export class sockaddr_nl implements t.sockaddr_nl {
  nl_family = 0;
  nl_pid?: number = 0;
  nl_groups?: number = 0;
}

/**
 * `struct sockaddr_storage ss;` zeroed: `ss_family` 0. A call that returns an address
 * (recvfrom, accept…) writes the fields of its family into it, as it does into `{}`.
 */
// The class and the interface merge: the instance has every optional field of the type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface sockaddr_storage extends storage_fields {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class sockaddr_storage {
  ss_family?: number = 0;
}

/** `struct timeval tv;` zeroed: 0 s, 0 µs (select(2) returns at once). */
export class timeval implements tv.timeval {
  tv_sec = 0;
  tv_usec = 0;
}

/** `struct linger l;` zeroed: off. */
export class linger implements tv.linger {
  l_onoff = 0;
  l_linger = 0;
}

/** `struct pollfd p;` zeroed: fd 0 (stdin), no events. C's `client[i].fd = -1` still follows. */
export class pollfd implements pfd.pollfd {
  fd = 0;
  events = 0;
  revents = 0;
}

/** `struct iovec v;` zeroed: no bytes (iov_base NULL: an empty array here). */
export class iovec implements msg.iovec {
  iov_base: Uint8Array = new Uint8Array(0);
  iov_len = 0;
}

/**
 * `struct msghdr m;` zeroed: no name, no buffers, no control data. As in C, the program then
 * sets `msg_namelen` (0 receives no address) and `msg_iovlen`.
 */
export class msghdr implements msg.msghdr {
  msg_name?: t.sockaddr_storage | object | null = null;
  msg_namelen?: number = 0;
  msg_iov: msg.iovec[] = [];
  msg_iovlen?: number = 0;
  msg_control?: Uint8Array | null = null;
  msg_controllen?: number = 0;
  msg_flags?: number = 0;
}

/**
 * `struct addrinfo hints;` zeroed: the hints of getaddrinfo(3) (AF_UNSPEC, any socket type,
 * any protocol, no flags), and a node of its list (iterable as one).
 */
export class addrinfo implements ai.addrinfo {
  ai_flags = 0;
  ai_family = 0;
  ai_socktype = 0;
  ai_protocol = 0;
  ai_addrlen = 0;
  ai_addr: t.sockaddr_storage = new sockaddr_storage();
  ai_canonname: string | null = null;
  ai_next: ai.addrinfo | null = null;

  *[Symbol.iterator](): Iterator<ai.addrinfo> {
    yield this;
    for (let p = this.ai_next; p !== null; p = p.ai_next) yield p;
  }
}

/* ------------------------------------------------------------------ sizeof */

/** Each struct: its class, its C size, and a field that tells a plain object of it. */
const STRUCTS: readonly { make: new () => object; size: number; field: string }[] = [
  { make: sockaddr_in, size: layout.sockaddr_in.size, field: 'sin_family' },
  { make: sockaddr_in6, size: layout.sockaddr_in6.size, field: 'sin6_family' },
  { make: sockaddr_un, size: layout.sockaddr_un.size, field: 'sun_family' },
  { make: sockaddr_ll, size: layout.sockaddr_ll.size, field: 'sll_family' },
  { make: sockaddr_nl, size: layout.sockaddr_nl.size, field: 'nl_family' },
  { make: sockaddr_storage, size: layout.sockaddr_storage.size, field: 'ss_family' },
  { make: in_addr, size: layout.in_addr.size, field: 's_addr' },
  { make: in6_addr, size: layout.in6_addr.size, field: 's6_addr' },
  { make: timeval, size: layout.timeval.size, field: 'tv_sec' },
  { make: linger, size: layout.linger.size, field: 'l_onoff' },
  { make: pollfd, size: layout.pollfd.size, field: 'revents' },
  { make: fd_set, size: layout.fd_set.size, field: 'fds_bits' },
  { make: msghdr, size: layout.msghdr.size, field: 'msg_iov' },
  { make: iovec, size: layout.iovec.size, field: 'iov_base' },
  { make: addrinfo, size: layout.addrinfo.size, field: 'ai_family' },
];

/** The struct `x` is: by its class, else by the first field that tells one. */
function structOf(x: object): (typeof STRUCTS)[number] | undefined {
  return STRUCTS.find(({ make }) => x instanceof make) ?? STRUCTS.find(({ field }) => field in x);
}

/** The C types, by name: sizeof.int, sizeof.long, sizeof.size_t… */
const TYPES = {
  char: layout.char.size,
  short: layout.short.size,
  int: layout.int.size,
  long: layout.long.size,
  long_long: layout.long_long.size,
  float: layout.float.size,
  double: layout.double.size,
  size_t: layout.size_t.size,
  ssize_t: layout.ssize_t.size,
  uintptr_t: layout.uintptr_t.size,
  socklen_t: layout.socklen_t.size,
  sa_family_t: layout.sa_family_t.size,
  in_port_t: layout.in_port_t.size,
  in_addr_t: layout.in_addr_t.size,
  time_t: layout.time_t.size,
  suseconds_t: layout.suseconds_t.size,
  pid_t: layout.pid_t.size,
  uint8_t: layout.uint8_t.size,
  uint16_t: layout.uint16_t.size,
  uint32_t: layout.uint32_t.size,
  uint64_t: layout.uint64_t.size,
  nfds_t: layout.nfds_t.size,
  // The structs, by their C names.
  sockaddr: layout.sockaddr.size,
  sockaddr_in: layout.sockaddr_in.size,
  sockaddr_in6: layout.sockaddr_in6.size,
  sockaddr_un: layout.sockaddr_un.size,
  sockaddr_ll: layout.sockaddr_ll.size,
  sockaddr_nl: layout.sockaddr_nl.size,
  sockaddr_storage: layout.sockaddr_storage.size,
  in_addr: layout.in_addr.size,
  in6_addr: layout.in6_addr.size,
  in_pktinfo: layout.in_pktinfo.size,
  timeval: layout.timeval.size,
  linger: layout.linger.size,
  pollfd: layout.pollfd.size,
  fd_set: layout.fd_set.size,
  msghdr: layout.msghdr.size,
  iovec: layout.iovec.size,
  cmsghdr: layout.cmsghdr.size,
  addrinfo: layout.addrinfo.size,
} as const;

/** What `sizeof()` takes: a struct, a byte array, an array of structs, or a number (an int). */
export type sized = object | number;

/**
 * `sizeof(x)`: the size C gives the object `x` stands for: a struct (by its class, or its
 * fields), a Uint8Array (`char buf[N]`: N), an array of structs (`struct pollfd client[N]`:
 * N times the struct), or a number (an `int`, as setsockopt takes one). A TypeError for
 * anything else. `sizeof.int`, `sizeof.sockaddr_in`…: the type's size.
 */
function sizeofValue(x: sized): number {
  if (typeof x === 'number') return TYPES.int;
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (Array.isArray(x)) {
    if (x.length === 0) return 0;
    return x.length * sizeofValue(x[0] as sized);
  }
  if (x !== null && typeof x === 'object') {
    const s = structOf(x);
    if (s) return s.size;
    if ('value' in x) return TYPES.int; // an int box (`int on; … sizeof(on)`), a socklen_t box
  }
  throw new TypeError(
    `sizeof: x must be a struct, a byte array, an array of structs or a number, got ${check.describe(x)}`,
  );
}

/**
 * `sizeof(x)` and `sizeof.T` (see sizeofValue), from the C compiler. The sizes are defined
 * one by one with Object.defineProperty, which keeps the function's properties in fast mode
 * (Object.assign's 42 stores turn them into a dictionary): `len.value = sizeof.sockaddr_in`
 * in a loop is 186 instructions with the dictionary (bench/instructions.ts).
 */
export const sizeof: ((x: sized) => number) & typeof TYPES & Readonly<typeof native.sizeof> =
  Object.freeze(definedInOrder(sizeofValue, native.sizeof, TYPES));

/** `Object.assign(target, a, b)`, each property defined (not stored): fast mode. */
function definedInOrder<T extends object, A extends object, B extends object>(
  target: T,
  a: A,
  b: B,
): T & A & B {
  for (const source of [a, b]) {
    for (const key of Object.keys(source)) {
      Object.defineProperty(target, key, {
        value: (source as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return target as T & A & B;
}

/* ------------------------------------------------------------------ bzero, memset */

/** A byte array, or a struct: what bzero and memset take. */
export type memory = Uint8Array | object;

/** How deep structs nest here (msghdr → iovec → bytes is 2): deeper is a cycle, not C. */
const MAX_DEPTH = 8;
const tooDeep = (fn: string): RangeError =>
  new RangeError(`${fn}: the struct nests more than ${MAX_DEPTH} levels deep (a cycle?)`);

/** The pointer fields of the structs: zeroed to NULL (their zeroed value), never through. */
const POINTERS = new Set([
  'msg_name',
  'msg_iov',
  'msg_control',
  'iov_base',
  'ai_addr',
  'ai_canonname',
  'ai_next',
]);

/**
 * Zeroes every field of `s` as memset(&s, 0, sizeof s) would: numbers 0, byte arrays
 * zero-filled in place, embedded structs (sin_addr) field by field, pointers NULL; `zeroed`
 * (the struct's zeroed instance, when its class is known) gives the zero of a field `s` lacks
 * and of each pointer.
 */
function zeroInto(
  s: Record<string, unknown>,
  zeroed: Record<string, unknown> | undefined,
  fn: string,
  depth = 0,
): void {
  if (depth > MAX_DEPTH) throw tooDeep(fn);
  const keys = new Set([...Object.keys(s), ...(zeroed ? Object.keys(zeroed) : [])]);
  for (const key of keys) {
    const v = s[key];
    const z = zeroed?.[key];
    if (POINTERS.has(key)) {
      storeField(s, key, z !== undefined ? z : Array.isArray(v) ? [] : null);
    } else if (v instanceof Uint8Array) {
      if (z === undefined || (z instanceof Uint8Array && z.length === v.length)) v.fill(0);
      else storeField(s, key, z);
    } else if (typeof v === 'number') {
      storeField(s, key, 0);
    } else if (typeof v === 'bigint') {
      storeField(s, key, 0n);
    } else if (typeof v === 'string') {
      storeField(s, key, ''); // sun_path given as a string: no byte
    } else if (Array.isArray(v)) {
      storeField(s, key, []);
    } else if (v !== null && typeof v === 'object') {
      const inner =
        z !== null && typeof z === 'object' ? (z as Record<string, unknown>) : undefined;
      zeroInto(v as Record<string, unknown>, inner, fn, depth + 1); // embedded: sin_addr, sin6_addr
    } else if (z !== undefined) {
      storeField(s, key, z); // a field the object lacked: its zero
    }
  }
}

function fill(fn: string, s: memory, c: number, n: number): void {
  check.uint(n, fn, 'n', Number.MAX_SAFE_INTEGER);
  if (s instanceof Uint8Array) {
    if (n > s.length) throw new RangeError(`${fn}: n ${n} is beyond s (${s.length} bytes)`);
    s.fill(c & 0xff, 0, n);
    return;
  }
  if (s === null || typeof s !== 'object') {
    throw new TypeError(`${fn}: s must be a byte array or a struct, got ${check.describe(s)}`);
  }
  const size = sizeofValue(s);
  if (n !== size) {
    throw new RangeError(
      `${fn}: n must be sizeof(s) (${size}) for a struct, got ${n}: a part of a struct has no field boundary here`,
    );
  }
  if ((c & 0xff) !== 0) {
    throw new RangeError(
      `${fn}: a struct is set to 0 bytes only, got ${c}: set a byte array to other bytes`,
    );
  }
  const struct = structOf(s);
  zeroInto(
    s as Record<string, unknown>,
    struct ? (new struct.make() as Record<string, unknown>) : undefined,
    fn,
  );
}

/**
 * `void bzero(void *s, size_t n);` — bzero(3): `n` zero bytes at `s`. `s` is a byte array
 * (the first `n` bytes; RangeError past its end, where C would write out of bounds), or a
 * struct with `n` = sizeof(s): every field zeroed in place, as `new sockaddr_in()` has them.
 */
export function bzero(s: memory, n: number): void {
  fill('bzero', s, 0, n);
}

/**
 * `void *memset(void *s, int c, size_t n);` — memset(3): the first `n` bytes of the byte
 * array `s` set to `c` (as unsigned char); or, for a struct with `c` 0 and `n` = sizeof(s),
 * every field zeroed as bzero does (another byte is a RangeError: a struct's fields are
 * numbers here, not bytes). Returns `s`.
 */
export function memset<T extends memory>(s: T, c: number, n: number): T {
  fill('memset', s, check.int(c, 'memset', 'c'), n);
  return s;
}

/* ------------------------------------------------------------------ struct assignment */

/** A deep copy of one field's value: arrays and structs copied, byte arrays too. */
function copyValue(v: unknown, fn: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw tooDeep(fn);
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map((item) => copyValue(item, fn, depth + 1));
  if (v !== null && typeof v === 'object') {
    const out = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
    for (const key of Object.keys(v)) {
      out[key] = copyValue((v as Record<string, unknown>)[key], fn, depth + 1);
    }
    return out;
  }
  return v;
}

/**
 * `dst = src;` for structs: every field of `src` copied into `dst`, byte arrays byte for
 * byte into `dst`'s own (so `rset = allset;` is `struct_assign(rset, allset);` and
 * `rset.fds_bits` stays the array select writes), embedded structs field by field. Returns
 * `dst`. Both must be objects; a byte array of another length is replaced by a copy.
 */
export function struct_assign<T extends object>(dst: T, src: T): T {
  return assign(dst, src, 0);
}

function assign<T extends object>(dst: T, src: T, depth: number): T {
  if (depth > MAX_DEPTH) throw tooDeep('struct_assign');
  if (dst === null || typeof dst !== 'object') {
    throw new TypeError(`struct_assign: dst must be a struct, got ${check.describe(dst)}`);
  }
  if (src === null || typeof src !== 'object') {
    throw new TypeError(`struct_assign: src must be a struct, got ${check.describe(src)}`);
  }
  if (dst === src) return dst;
  const d = dst as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    const v = (src as Record<string, unknown>)[key];
    const into = d[key];
    if (v instanceof Uint8Array && into instanceof Uint8Array && into.length === v.length) {
      into.set(v);
    } else if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !(v instanceof Uint8Array) &&
      into !== null &&
      typeof into === 'object' &&
      !Array.isArray(into)
    ) {
      assign(into, v, depth + 1);
    } else {
      storeField(d, key, copyValue(v, 'struct_assign'));
    }
  }
  return dst;
}

/** A copy of the struct `src` (same class, fields copied as struct_assign copies them). */
export function struct_copy<T extends object>(src: T): T {
  if (src === null || typeof src !== 'object') {
    throw new TypeError(`struct_copy: src must be a struct, got ${check.describe(src)}`);
  }
  if (src instanceof fd_set) {
    const copy = new fd_set();
    copy.fds_bits.set(src.fds_bits);
    return copy as T;
  }
  return copyValue(src, 'struct_copy') as T;
}
