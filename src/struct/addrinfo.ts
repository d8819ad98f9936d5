/**
 * struct addrinfo: getaddrinfo(3)'s list, and how it crosses from C.
 *
 * ```c
 * struct addrinfo {
 *   int              ai_flags;      // AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST…
 *   int              ai_family;     // AF_INET, AF_INET6, AF_UNSPEC
 *   int              ai_socktype;   // SOCK_STREAM, SOCK_DGRAM…
 *   int              ai_protocol;   // IPPROTO_TCP, IPPROTO_UDP, 0
 *   socklen_t        ai_addrlen;    // the length of *ai_addr
 *   struct sockaddr *ai_addr;       // malloc'd by getaddrinfo
 *   char            *ai_canonname;  // the first entry's, with AI_CANONNAME; else NULL
 *   struct addrinfo *ai_next;       // NULL at the end of the list
 * };
 * ```
 *
 * Pointers cannot cross into JavaScript. So native/addrinfo.cc walks the list that
 * getaddrinfo made, packs it into bytes and calls freeaddrinfo before it returns; this file
 * reads the bytes back into the same list of objects. The packed form (native/packed.h,
 * `struct PackedAddrinfo`; offsets from `layout.packed_addrinfo`, i.e. offsetof):
 *
 * ```
 * record (one per struct addrinfo, the first at byte 0)   offset  size
 *   int32  ai_flags, ai_family, ai_socktype, ai_protocol    0     4 each
 *   uint32 ai_addrlen                                       16      4
 *   uint32 canonname_length   NUL included; 0 for NULL      20      4
 *   uint32 ai_next            next record's offset; 0: NULL 24      4
 *   struct sockaddr_storage ai_addr (ai_addrlen bytes used) 32    128
 * then ai_canonname's bytes, then zeros up to the next multiple of 8.
 * ```
 * (the numbers are Linux x86-64's; the code reads them from the layout table.) Byte 0 is the
 * list's start: Scratch::gai_list's in the scratch, or that of the ArrayBuffer of a longer list.
 */
import { native } from '../binding';
import { packed_addrinfo as P, sockaddr_in as IN, sockaddr_in6 as IN6 } from '../layout';
import { decode_sockaddr, type in6_addr, type Memory, type sockaddr_storage } from './sockaddr';
import { in6_addr_prototype, in_addr_object } from './inspect';

/** The `hints` argument: the fields C reads from it, all optional (0 by default). */
export interface addrinfo_hints {
  ai_flags?: number;
  ai_family?: number;
  ai_socktype?: number;
  ai_protocol?: number;
}

/** One entry of getaddrinfo's list, with C's fields. */
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
 * (`for (rp = result; rp !== null; rp = rp.ai_next)`), or iterate it (`for (const ai of result)`).
 */
export interface addrinfo extends addrinfo_node, Iterable<addrinfo> {
  ai_next: addrinfo | null;
}

/** The entries decode_addrinfo makes: C's fields, and iteration over the list. */
class AddrinfoEntry implements addrinfo {
  // Declared, not class fields: each field is stored once, in C's order, by the constructor
  // (a class field would first define it as undefined).
  declare ai_flags: number;
  declare ai_family: number;
  declare ai_socktype: number;
  declare ai_protocol: number;
  declare ai_addrlen: number;
  declare ai_addr: sockaddr_storage;
  declare ai_canonname: string | null;
  declare ai_next: addrinfo | null;
  constructor(
    ai_flags: number,
    ai_family: number,
    ai_socktype: number,
    ai_protocol: number,
    ai_addrlen: number,
    ai_addr: sockaddr_storage,
    ai_canonname: string | null,
  ) {
    this.ai_flags = ai_flags;
    this.ai_family = ai_family;
    this.ai_socktype = ai_socktype;
    this.ai_protocol = ai_protocol;
    this.ai_addrlen = ai_addrlen;
    this.ai_addr = ai_addr;
    this.ai_canonname = ai_canonname;
    this.ai_next = null;
  }

  *[Symbol.iterator](): Iterator<addrinfo> {
    yield this;
    for (let ai = this.ai_next; ai !== null; ai = ai.ai_next) yield ai;
  }
}

const AF_INET = native.constants.AF_INET;
const AF_INET6 = native.constants.AF_INET6;

/**
 * A packed list's memory: its bytes, and the same bytes as 16- and 32-bit words in host
 * order, which is how C stored them. Every field of the packed form is aligned to its size
 * (the compiler's offsets; Scratch::gai_list is aligned to 8), so each field is one element.
 */
export interface PackedMemory extends Memory {
  u16: Uint16Array;
  i32: Int32Array;
  u32: Uint32Array;
}

/** The PackedMemory of `m` (its bytes must start at a multiple of 4, as C's do). */
export function packedMemory(m: Memory): PackedMemory {
  const { buffer, byteOffset, byteLength } = m.bytes;
  return {
    view: m.view,
    bytes: m.bytes,
    u16: new Uint16Array(buffer, byteOffset, byteLength >> 1),
    i32: new Int32Array(buffer, byteOffset, byteLength >> 2),
    u32: new Uint32Array(buffer, byteOffset, byteLength >> 2),
  };
}

// Element indexes within a record (packed_addrinfo) and within its sockaddr_in/_in6.
const FLAGS = P.ai_flags.offset >> 2;
const FAMILY = P.ai_family.offset >> 2;
const SOCKTYPE = P.ai_socktype.offset >> 2;
const PROTOCOL = P.ai_protocol.offset >> 2;
const ADDRLEN = P.ai_addrlen.offset >> 2;
const CANONNAME_LENGTH = P.canonname_length.offset >> 2;
const NEXT = P.ai_next.offset >> 2;
const ADDR = P.ai_addr.offset;
const SIN_PORT = IN.sin_port.offset >> 1;
const SIN_ADDR = IN.sin_addr.offset >> 2;
const SIN6_PORT = IN6.sin6_port.offset >> 1;
const SIN6_FLOWINFO = IN6.sin6_flowinfo.offset >> 2;
const SIN6_ADDR = IN6.sin6_addr.offset;
const SIN6_SCOPE_ID = IN6.sin6_scope_id.offset >> 2;

/** The `sin6_addr` of an ai_addr: an in6_addr whose prototype prints it (./inspect.ts). */
const In6Addr = function (this: in6_addr, s6_addr: Uint8Array): void {
  this.s6_addr = s6_addr;
} as unknown as { new (s6_addr: Uint8Array): in6_addr; prototype: object };
In6Addr.prototype = in6_addr_prototype;

/**
 * `ai_addr`: what decode_sockaddr makes of the address at byte `at` (the same fields, in
 * the same order, with the same sin_addr and sin6_addr objects), each object made once
 * with its fields, for the two families getaddrinfo gives; decode_sockaddr itself for the
 * others.
 */
function decodeAddr(m: PackedMemory, at: number, ai_addrlen: number): sockaddr_storage {
  const family = m.u16[at >> 1];
  if (family === AF_INET && ai_addrlen >= IN.size) {
    return {
      ss_family: family,
      sa_family: family,
      sin_family: family,
      sin_port: m.u16[(at >> 1) + SIN_PORT],
      sin_addr: new in_addr_object(m.u32[(at >> 2) + SIN_ADDR]),
    };
  }
  if (family === AF_INET6 && ai_addrlen >= IN6.size) {
    const s6_addr = new Uint8Array(IN6.sin6_addr.size);
    const bytes = m.bytes;
    const from = at + SIN6_ADDR;
    for (let i = 0; i < s6_addr.length; i++) s6_addr[i] = bytes[from + i];
    return {
      ss_family: family,
      sa_family: family,
      sin6_family: family,
      sin6_port: m.u16[(at >> 1) + SIN6_PORT],
      sin6_flowinfo: m.u32[(at >> 2) + SIN6_FLOWINFO],
      sin6_addr: new In6Addr(s6_addr),
      sin6_scope_id: m.u32[(at >> 2) + SIN6_SCOPE_ID],
    };
  }
  const ai_addr: sockaddr_storage = {};
  decode_sockaddr(m, at, ai_addrlen, P.ai_addr.size, ai_addr);
  return ai_addr;
}

const text = new TextDecoder();

/**
 * Reads the packed list at byte `base` of `m` (what native wrote after a successful
 * getaddrinfo) into a list of addrinfo objects, ai_next links as in C: per record, the
 * objects of the API (the entry, its ai_addr and the address in it) and nothing else.
 */
export function decode_addrinfo(memory: Memory | PackedMemory, base = 0): addrinfo {
  const m = 'u32' in memory ? memory : packedMemory(memory);
  const { i32, u32 } = m;
  let head: addrinfo | null = null;
  let previous: addrinfo | null = null;
  let at = base;
  for (;;) {
    const r = at >> 2;
    const ai_addrlen = u32[r + ADDRLEN];
    const canonname_length = u32[r + CANONNAME_LENGTH];
    const nameAt = at + P.size;
    const entry = new AddrinfoEntry(
      i32[r + FLAGS],
      i32[r + FAMILY],
      i32[r + SOCKTYPE],
      i32[r + PROTOCOL],
      ai_addrlen,
      decodeAddr(m, at + ADDR, ai_addrlen),
      canonname_length === 0
        ? null
        : text.decode(m.bytes.subarray(nameAt, nameAt + canonname_length - 1)),
    );
    if (previous === null) head = entry;
    else previous.ai_next = entry;
    previous = entry;
    const next = u32[r + NEXT];
    if (next === 0) return head as addrinfo;
    at = base + next;
  }
}
