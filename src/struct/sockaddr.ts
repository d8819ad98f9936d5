/**
 * Socket addresses: the C structs, and how each lies in memory.
 *
 * An address is a plain object with the C field names (`sin_family`, `sin_port`,
 * `sin_addr.s_addr`…). Before a call it is written, field by field, into the bytes of a
 * `struct sockaddr_storage` at the offsets the C compiler gave (src/layout.ts); after a
 * call that returns an address, it is read back from those bytes. This file is both
 * directions for every family:
 *
 * ```
 * struct sockaddr_in (16 bytes)      offset  size
 *   sa_family_t    sin_family           0      2   host byte order
 *   in_port_t      sin_port             2      2   network byte order (htons)
 *   struct in_addr sin_addr             4      4   network byte order (htonl)
 *   unsigned char  sin_zero[8]          8      8   zeros
 * ```
 * (the numbers are Linux x86-64's; the code reads them from `layout.sockaddr_in`.)
 *
 * `sin_port`, `sin6_port` and `s_addr` hold network byte order, exactly as in C: the
 * number's bytes are stored as the host stores a uint16/uint32, unchanged, so a port set
 * without htons() is as wrong here as in C. See ip(7), ipv6(7), unix(7), packet(7),
 * netlink(7).
 */
import * as check from '../args';
import { isLittleEndian as host } from '../byteorder';
import { in6_addr_prototype, in_addr_object } from './inspect';
import { sloppy } from './store';
import * as layout from '../layout';

/** struct in_addr { in_addr_t s_addr; } — `s_addr` in network byte order. */
export interface in_addr {
  s_addr: number;
}

/** struct in6_addr { unsigned char s6_addr[16]; } */
export interface in6_addr {
  s6_addr: Uint8Array;
}

/** struct sockaddr_in (ip(7)). `sin_zero` is always sent as zeros. */
export interface sockaddr_in {
  sin_family: number;
  sin_port: number;
  sin_addr: in_addr;
  sin_zero?: Uint8Array;
}

/** struct sockaddr_in6 (ipv6(7)). `sin6_flowinfo` and `sin6_scope_id` default to 0. */
export interface sockaddr_in6 {
  sin6_family: number;
  sin6_port: number;
  sin6_flowinfo?: number;
  sin6_addr: in6_addr;
  sin6_scope_id?: number;
}

/**
 * struct sockaddr_un (unix(7)). A string `sun_path` is a pathname (its UTF-8 bytes plus
 * the terminating NUL must fit in 108 bytes); a Uint8Array is used byte for byte, e.g. an
 * abstract name starting with a NUL byte.
 */
export interface sockaddr_un {
  sun_family: number;
  sun_path: string | Uint8Array;
}

/**
 * struct sockaddr_ll (packet(7)): a link-level address. `sll_protocol` is in network
 * byte order (htons(ETH_P_ALL)); `sll_addr` holds up to 8 bytes, `sll_halen` of them used.
 */
export interface sockaddr_ll {
  sll_family: number;
  sll_protocol?: number;
  sll_ifindex?: number;
  sll_hatype?: number;
  sll_pkttype?: number;
  sll_halen?: number;
  sll_addr?: Uint8Array;
}

/** struct sockaddr_nl (netlink(7)): `nl_pid` 0 is the kernel, `nl_groups` a bit mask. */
export interface sockaddr_nl {
  nl_family: number;
  nl_pid?: number;
  nl_groups?: number;
}

/**
 * struct sockaddr_storage: the object an output address is written into. After
 * `recvfrom`, `accept`, `getsockname`… it holds `ss_family` (and `sa_family`, the same
 * value, as `((struct sockaddr *)&ss)->sa_family` reads it) and the fields of that family,
 * so that it reads as the cast does in C: `(struct sockaddr_in *)&src_addr`.
 */
export interface sockaddr_storage {
  ss_family?: number;
  sa_family?: number;
  sin_family?: number;
  sin_port?: number;
  sin_addr?: in_addr;
  sin6_family?: number;
  sin6_port?: number;
  sin6_flowinfo?: number;
  sin6_addr?: in6_addr;
  sin6_scope_id?: number;
  sun_family?: number;
  sun_path?: string | Uint8Array;
  sll_family?: number;
  sll_protocol?: number;
  sll_ifindex?: number;
  sll_hatype?: number;
  sll_pkttype?: number;
  sll_halen?: number;
  sll_addr?: Uint8Array;
  nl_family?: number;
  nl_pid?: number;
  nl_groups?: number;
  /** The raw bytes of an address of another family. */
  sa_data?: Uint8Array;
}

/** Any socket address an input argument (`bind`, `connect`, `sendto`…) accepts. */
export type sockaddr =
  sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_ll | sockaddr_nl | sockaddr_storage;

/**
 * socklen_t, as the in/out `socklen_t *addrlen` argument of recvfrom, accept,
 * getsockname and getpeername: `value` is read before the call (the size of the caller's
 * struct) and replaced by the address's true length after it.
 *
 * ```c
 * struct sockaddr_in src_addr; socklen_t len = sizeof src_addr;
 * recvfrom(s, buf, n, 0, (struct sockaddr *)&src_addr, &len);
 * ```
 * ```ts
 * const src_addr = {} as sockaddr_in; const len: socklen_t = { value: sizeof.sockaddr_in };
 * recvfrom(s, buf, n, 0, src_addr, len);
 * ```
 * Without it, the capacity is `sizeof(struct sockaddr_storage)` (128), which strace shows.
 */
export interface socklen_t {
  value: number;
}

// The families, from the same headers as the constants (native/constants.cc). Read here
// from the addon's table to keep this file free of an import cycle with ../constants.
import { native } from '../binding';
const AF_INET = native.constants.AF_INET;
const AF_INET6 = native.constants.AF_INET6;
const AF_UNIX = native.constants.AF_UNIX;
const AF_PACKET = native.constants.AF_PACKET;
const AF_NETLINK = native.constants.AF_NETLINK;

const {
  sockaddr_in: IN,
  sockaddr_in6: IN6,
  sockaddr_un: UN,
  sockaddr_ll: LL,
  sockaddr_nl: NL,
} = layout;
/**
 * struct sockaddr_in, as <netinet/in.h> lays it out (offsets from the compiler, layout.ts):
 *   sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; sin_zero[8].
 * Named once here: the hot encode and decode read numbers, not two property loads each,
 * which keeps them small enough for V8 to compile into the calling function.
 */
const SIN_FAMILY = IN.sin_family.offset;
const SIN_PORT = IN.sin_port.offset;
const SIN_ADDR = IN.sin_addr.offset;
const SIN_ZERO = IN.sin_zero.offset;
const SOCKADDR_IN_SIZE = IN.size;
const SA_DATA = layout.sockaddr.sa_data.offset;
const STORAGE = layout.sockaddr_storage.size;
/** The largest struct decoded field by field (sockaddr_in6, sockaddr_ll…), zero-padded. */
const FIXED = Math.max(IN.size, IN6.size, LL.size, NL.size);
/** Where sa_family ends: a shorter address has not even its family written. */
const FAMILY_END = layout.sockaddr.sa_family.offset + layout.sockaddr.sa_family.size;
const PATH = UN.sun_path.offset;
const PATH_SIZE = UN.sun_path.size;

/* ------------------------------------------------------------------ encoding */

/** The memory an address is written into: `view` and `bytes` see the same buffer. */
export interface Memory {
  view: DataView;
  bytes: Uint8Array;
}

/**
 * `memset(&addr, 0, sizeof addr)` of the family's struct (`size` bytes): done after every
 * field is read, since reading one can run a getter, and a getter can make another call
 * that uses the same memory. Bytes past the struct are not the kernel's business: for
 * these families it reads the struct's fields whatever addrlen says (a sockaddr_un, whose
 * length is part of an abstract name, zeroes its whole struct).
 */
function zero(m: Memory, at: number, size: number): void {
  m.bytes.fill(0, at, at + size);
}

function field(
  obj: Record<string, unknown>,
  key: string,
  fn: string,
  name: string,
  max: number,
): number {
  const v = obj[key];
  if (typeof v === 'number' && v >= 0 && v <= max && Math.floor(v) === v) return v;
  return check.uint(v, fn, `${name}.${key}`, max);
}

function optionalField(
  obj: Record<string, unknown>,
  key: string,
  fn: string,
  name: string,
  max: number,
): number {
  return obj[key] === undefined ? 0 : field(obj, key, fn, name, max);
}

/** A field that must be an integer in [0, max]: the TypeError or RangeError naming it. */
/** The error of field `key` of `name` (`dest_addr.sin_port`), built only when it failed. */
function badField(v: unknown, fn: string, name: string, key: string, max: number): never {
  check.uint(v, fn, `${name}.${key}`, max);
  throw new RangeError(`${fn}: ${name}.${key} must be an integer in [0, ${max}], got ${String(v)}`);
}

/** `v` is an integer in [0, max] (the common case, tested without building any message). */
function isUint(v: unknown, max: number): v is number {
  return typeof v === 'number' && v >>> 0 === v && v <= max;
}

function encodeIn(
  a: Record<string, unknown>,
  family: number,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  // Every field is read before any byte is written (a getter may make another call that
  // uses the same memory); the messages are built only when a check fails.
  const port = a.sin_port;
  if (!isUint(port, 0xffff)) badField(port, fn, name, 'sin_port', 0xffff);
  const sin_addr = a.sin_addr;
  if (sin_addr === null || (typeof sin_addr !== 'object' && typeof sin_addr !== 'function')) {
    throw notAnObject(fn, name, 'sin_addr', sin_addr);
  }
  const s_addr = (sin_addr as Record<string, unknown>).s_addr;
  if (!isUint(s_addr, 0xffffffff)) badField(s_addr, fn, name, 'sin_addr.s_addr', 0xffffffff);
  // The 16 bytes of the struct, sin_zero included: stores, not a fill.
  const view = m.view;
  view.setUint16(at + SIN_FAMILY, family, host);
  view.setUint16(at + SIN_PORT, port, host);
  view.setUint32(at + SIN_ADDR, s_addr, host);
  view.setUint32(at + SIN_ZERO, 0, host);
  view.setUint32(at + SIN_ZERO + 4, 0, host);
  return SOCKADDR_IN_SIZE;
}

function encodeIn6(
  a: Record<string, unknown>,
  family: number,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  const port = field(a, 'sin6_port', fn, name, 0xffff);
  const flowinfo = optionalField(a, 'sin6_flowinfo', fn, name, 0xffffffff);
  const scope_id = optionalField(a, 'sin6_scope_id', fn, name, 0xffffffff);
  const sin6_addr = check.object(a.sin6_addr, fn, `${name}.sin6_addr`);
  const s6_name = `${name}.sin6_addr.s6_addr`;
  const s6 = check.bytes(sin6_addr.s6_addr, fn, s6_name, false);
  const s6size = check.byteLengthOf(s6);
  if (s6size !== IN6.sin6_addr.size) {
    throw new RangeError(`${fn}: ${s6_name} must hold 16 bytes, got ${s6size}`);
  }
  zero(m, at, IN6.size);
  m.view.setUint16(at + IN6.sin6_family.offset, family, host);
  m.view.setUint16(at + IN6.sin6_port.offset, port, host);
  // sin6_flowinfo is in network byte order in C too; it is stored as given.
  m.view.setUint32(at + IN6.sin6_flowinfo.offset, flowinfo, host);
  m.bytes.set(s6, at + IN6.sin6_addr.offset);
  m.view.setUint32(at + IN6.sin6_scope_id.offset, scope_id, host);
  return IN6.size;
}

const utf8 = new TextEncoder();

function encodeUn(
  a: Record<string, unknown>,
  family: number,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  const path = a.sun_path;
  if (typeof path === 'string') {
    check.string(path, fn, `${name}.sun_path`);
    const text = utf8.encode(path);
    // The terminating NUL must fit too, as with strncpy into sun_path in careful C.
    if (text.length >= PATH_SIZE) {
      throw new RangeError(
        `${fn}: ${name}.sun_path is ${text.length} bytes, at most ${PATH_SIZE - 1} fit in sun_path`,
      );
    }
    zero(m, at, UN.size);
    m.view.setUint16(at + UN.sun_family.offset, family, host);
    m.bytes.set(text, at + PATH);
    // SUN_LEN: offsetof(sun_path) + strlen(sun_path) + 1.
    return PATH + text.length + 1;
  }
  if (check.isUint8Array(path)) {
    // Raw bytes: an abstract name starts with a NUL byte and is not terminated; the length
    // is exactly the bytes given.
    const size = check.byteLengthOf(path);
    if (size > PATH_SIZE) {
      throw new RangeError(
        `${fn}: ${name}.sun_path is ${size} bytes, at most ${PATH_SIZE} fit in sun_path`,
      );
    }
    zero(m, at, UN.size);
    m.view.setUint16(at + UN.sun_family.offset, family, host);
    // A detached buffer reads as 0 bytes (set() would throw on it).
    if (size > 0) m.bytes.set(path, at + PATH);
    return PATH + size;
  }
  throw new TypeError(
    `${fn}: ${name}.sun_path must be a string or a Uint8Array, got ${check.describe(path)}`,
  );
}

function encodeLl(
  a: Record<string, unknown>,
  family: number,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  const protocol = optionalField(a, 'sll_protocol', fn, name, 0xffff);
  const ifindex =
    a.sll_ifindex === undefined ? 0 : check.int(a.sll_ifindex, fn, `${name}.sll_ifindex`);
  const hatype = optionalField(a, 'sll_hatype', fn, name, 0xffff);
  const pkttype = optionalField(a, 'sll_pkttype', fn, name, 0xff);
  const halen = optionalField(a, 'sll_halen', fn, name, 0xff);
  let hwaddr: Uint8Array | null = null;
  if (a.sll_addr !== undefined) {
    hwaddr = check.bytes(a.sll_addr, fn, `${name}.sll_addr`, false);
    const size = check.byteLengthOf(hwaddr);
    if (size > LL.sll_addr.size) {
      throw new RangeError(
        `${fn}: ${name}.sll_addr is ${size} bytes, at most ${LL.sll_addr.size} fit`,
      );
    }
  }
  zero(m, at, LL.size);
  m.view.setUint16(at + LL.sll_family.offset, family, host);
  m.view.setUint16(at + LL.sll_protocol.offset, protocol, host);
  m.view.setInt32(at + LL.sll_ifindex.offset, ifindex, host);
  m.view.setUint16(at + LL.sll_hatype.offset, hatype, host);
  m.bytes[at + LL.sll_pkttype.offset] = pkttype;
  m.bytes[at + LL.sll_halen.offset] = halen;
  if (hwaddr && check.byteLengthOf(hwaddr) > 0) m.bytes.set(hwaddr, at + LL.sll_addr.offset);
  return LL.size;
}

function encodeNl(
  a: Record<string, unknown>,
  family: number,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  const pid = optionalField(a, 'nl_pid', fn, name, 0xffffffff);
  const groups = optionalField(a, 'nl_groups', fn, name, 0xffffffff);
  zero(m, at, NL.size);
  m.view.setUint16(at + NL.nl_family.offset, family, host);
  m.view.setUint32(at + NL.nl_pid.offset, pid, host);
  m.view.setUint32(at + NL.nl_groups.offset, groups, host);
  return NL.size;
}

type Encoder = typeof encodeIn;
const byFamilyKey: [string, Encoder][] = [
  ['sin_family', encodeIn],
  ['sin6_family', encodeIn6],
  ['sun_family', encodeUn],
  ['sll_family', encodeLl],
  ['nl_family', encodeNl],
];

/**
 * Writes the address `addr` into `m` at `at` (sizeof(struct sockaddr_storage) bytes, which
 * it zeroes first, as `memset(&addr, 0, sizeof addr)` does) and returns its length: 16 for a
 * sockaddr_in, 28 for a sockaddr_in6, SUN_LEN for a sockaddr_un…
 *
 * The struct is told by its fields, as the C type is: `sin_family` is a sockaddr_in,
 * `sin6_family` a sockaddr_in6, `sun_family` a sockaddr_un, `sll_family` a sockaddr_ll,
 * `nl_family` a sockaddr_nl; `ss_family` picks the struct of that family. The family value
 * itself is stored as given (a sockaddr_in whose sin_family is not AF_INET reaches the
 * kernel, which answers EAFNOSUPPORT or EINVAL as it does in C).
 */
export function encode_sockaddr(
  addr: unknown,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  if (addr === null || typeof addr !== 'object') throw notAnAddress(fn, name, addr);
  const a = addr as Record<string, unknown>;
  // The common case first, in few enough bytecodes for V8 to inline it: a sockaddr_in.
  const sin_family = a.sin_family;
  if (sin_family !== undefined) {
    if (!isUint(sin_family, 0xffff)) badField(sin_family, fn, name, 'sin_family', 0xffff);
    return encodeIn(a, sin_family, fn, name, m, at);
  }
  return encodeOtherFamily(a, fn, name, m, at);
}

function notAnAddress(fn: string, name: string, addr: unknown): TypeError {
  return new TypeError(
    `${fn}: ${name} must be a socket address object (sockaddr_in, sockaddr_in6, sockaddr_un), got ${check.describe(addr)}`,
  );
}

function notAnObject(fn: string, name: string, key: string, v: unknown): TypeError {
  return new TypeError(`${fn}: ${name}.${key} must be an object, got ${check.describe(v)}`);
}

/** encode_sockaddr of every struct but sockaddr_in: by its family field, then ss_family. */
function encodeOtherFamily(
  a: Record<string, unknown>,
  fn: string,
  name: string,
  m: Memory,
  at: number,
): number {
  for (let i = 1; i < byFamilyKey.length; i++) {
    const [key, encode] = byFamilyKey[i];
    const family = a[key];
    if (family !== undefined) {
      return encode(a, check.uint(family, fn, `${name}.${key}`, 0xffff), fn, name, m, at);
    }
  }
  const ss_family = a.ss_family;
  if (ss_family !== undefined) {
    const family = check.uint(ss_family, fn, `${name}.ss_family`, 0xffff);
    const encode =
      family === AF_INET
        ? encodeIn
        : family === AF_INET6
          ? encodeIn6
          : family === AF_UNIX
            ? encodeUn
            : family === AF_PACKET
              ? encodeLl
              : family === AF_NETLINK
                ? encodeNl
                : null;
    if (encode) return encode(a, family, fn, name, m, at);
    throw new RangeError(
      `${fn}: ${name}.ss_family ${family} is not AF_INET, AF_INET6 or AF_UNIX; use sin_family, sin6_family or sun_family to choose the struct`,
    );
  }
  throw new TypeError(
    `${fn}: ${name} has no address family: set sin_family (sockaddr_in), sin6_family (sockaddr_in6) or sun_family (sockaddr_un)`,
  );
}

/* ------------------------------------------------------------------ decoding */

/** The size of the struct decoded field by field for `family`; 0 for the others. */
function fixedSize(family: number): number {
  if (family === AF_INET) return IN.size;
  if (family === AF_INET6) return IN6.size;
  if (family === AF_PACKET) return LL.size;
  if (family === AF_NETLINK) return NL.size;
  return 0;
}

// The stores into the caller's address objects: sloppy, as every store of the package into
// the caller's objects (./store.ts), the fields in the order of the C struct.
const storeIn = sloppy(
  ['t', 'family', 'port', 'addr'],
  't.ss_family = family; t.sa_family = family; t.sin_family = family; t.sin_port = port; t.sin_addr = addr;',
);
const storeIn6 = sloppy(
  ['t', 'family', 'port', 'flowinfo', 'addr', 'scope'],
  't.ss_family = family; t.sa_family = family; t.sin6_family = family; t.sin6_port = port;' +
    ' t.sin6_flowinfo = flowinfo; t.sin6_addr = addr; t.sin6_scope_id = scope;',
);
const storeUn = sloppy(
  ['t', 'family', 'path'],
  't.ss_family = family; t.sa_family = family; t.sun_family = family; t.sun_path = path;',
);
const storeLl = sloppy(
  ['t', 'family', 'protocol', 'ifindex', 'hatype', 'pkttype', 'halen', 'addr'],
  't.ss_family = family; t.sa_family = family; t.sll_family = family; t.sll_protocol = protocol;' +
    ' t.sll_ifindex = ifindex; t.sll_hatype = hatype; t.sll_pkttype = pkttype;' +
    ' t.sll_halen = halen; t.sll_addr = addr;',
);
const storeNl = sloppy(
  ['t', 'family', 'pid', 'groups'],
  't.ss_family = family; t.sa_family = family; t.nl_family = family; t.nl_pid = pid;' +
    ' t.nl_groups = groups;',
);
const storeOther = sloppy(
  ['t', 'family', 'data'],
  't.ss_family = family; t.sa_family = family; t.sa_data = data;',
);

/**
 * Reads the address at `at` in `m`, `length` bytes long as the kernel reported it
 * (bytes beyond `capacity`, what the kernel could write, are not read), and sets its fields
 * on `target`: `ss_family`, `sa_family`, then those of the family's struct, as reading a
 * `sockaddr_storage` through the matching cast does in C. Bytes beyond `length` read as 0.
 */
export function decode_sockaddr(
  m: Memory,
  at: number,
  length: number,
  capacity: number,
  target: object,
): void {
  const valid = Math.min(length, capacity, STORAGE);
  // The common case, small enough for V8 to inline into the call: a whole sockaddr_in.
  if (valid >= SOCKADDR_IN_SIZE && m.view.getUint16(at + SIN_FAMILY, host) === AF_INET) {
    const view = m.view;
    storeIn(
      target,
      AF_INET,
      view.getUint16(at + SIN_PORT, host),
      new in_addr_object(view.getUint32(at + SIN_ADDR, host)),
    );
    return;
  }
  decode_any_sockaddr(m, at, valid, target);
}

/** decode_sockaddr for every family and length: `valid` bytes at `at` were written. */
function decode_any_sockaddr(m: Memory, at: number, valid: number, target: object): void {
  const { view, bytes } = m;
  // Fields the kernel did not write read as 0: the bytes past `valid`, up to the end of the
  // family's struct (AF_UNIX and sa_data read no further than `valid`).
  if (valid < FAMILY_END) bytes.fill(0, at + valid, at + FIXED);
  const family = view.getUint16(at, host);
  if (valid < FIXED && valid < fixedSize(family)) bytes.fill(0, at + valid, at + FIXED);
  if (family === AF_INET) {
    const port = view.getUint16(at + SIN_PORT, host);
    const sin_addr = new in_addr_object(view.getUint32(at + SIN_ADDR, host));
    storeIn(target, family, port, sin_addr);
  } else if (family === AF_INET6) {
    const s6 = at + IN6.sin6_addr.offset;
    storeIn6(
      target,
      family,
      view.getUint16(at + IN6.sin6_port.offset, host),
      view.getUint32(at + IN6.sin6_flowinfo.offset, host),
      Object.assign(Object.create(in6_addr_prototype) as in6_addr, {
        s6_addr: bytes.slice(s6, s6 + IN6.sin6_addr.size),
      }),
      view.getUint32(at + IN6.sin6_scope_id.offset, host),
    );
  } else if (family === AF_UNIX) {
    const pathLength = Math.max(0, valid - PATH);
    const start = at + PATH;
    let path: string | Uint8Array;
    if (pathLength > 0 && bytes[start] === 0) {
      // Abstract name: bytes, leading NUL included, as the kernel gave them.
      path = bytes.slice(start, start + pathLength);
    } else {
      // Pathname (or unnamed, ""): up to the first NUL, within sun_path.
      const end = start + Math.min(pathLength, PATH_SIZE);
      const nul = bytes.indexOf(0, start);
      const stop = nul >= 0 && nul < end ? nul : end;
      path = Buffer.from(bytes.buffer, bytes.byteOffset + start, stop - start).toString('utf8');
    }
    storeUn(target, family, path);
  } else if (family === AF_PACKET) {
    const hw = at + LL.sll_addr.offset;
    storeLl(
      target,
      family,
      view.getUint16(at + LL.sll_protocol.offset, host),
      view.getInt32(at + LL.sll_ifindex.offset, host),
      view.getUint16(at + LL.sll_hatype.offset, host),
      bytes[at + LL.sll_pkttype.offset],
      bytes[at + LL.sll_halen.offset],
      bytes.slice(hw, hw + LL.sll_addr.size),
    );
  } else if (family === AF_NETLINK) {
    storeNl(
      target,
      family,
      view.getUint32(at + NL.nl_pid.offset, host),
      view.getUint32(at + NL.nl_groups.offset, host),
    );
  } else {
    storeOther(target, family, bytes.slice(at + SA_DATA, at + Math.max(SA_DATA, valid)));
  }
}
