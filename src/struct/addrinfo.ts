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
import { isLittleEndian as host } from '../byteorder';

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

/** The `sin6_addr` of an ai_addr: an in6_addr whose prototype prints it (./inspect.ts). */
const In6Addr = function (this: in6_addr, s6_addr: Uint8Array): void {
  this.s6_addr = s6_addr;
} as unknown as { new (s6_addr: Uint8Array): in6_addr; prototype: object };
In6Addr.prototype = in6_addr_prototype;

/**
 * `ai_addr`: what decode_sockaddr makes of the address at `at` (the same fields, in the
 * same order, with the same sin_addr and sin6_addr objects), each object made once with its
 * fields, for the two families getaddrinfo gives; decode_sockaddr itself for the others.
 */
function decodeAddr(m: Memory, at: number, ai_addrlen: number): sockaddr_storage {
  const view = m.view;
  const family = view.getUint16(at, host);
  if (family === AF_INET && ai_addrlen >= IN.size) {
    return {
      ss_family: family,
      sa_family: family,
      sin_family: family,
      sin_port: view.getUint16(at + IN.sin_port.offset, host),
      sin_addr: new in_addr_object(view.getUint32(at + IN.sin_addr.offset, host)),
    };
  }
  if (family === AF_INET6 && ai_addrlen >= IN6.size) {
    const s6_addr = new Uint8Array(IN6.sin6_addr.size);
    const bytes = m.bytes;
    const from = at + IN6.sin6_addr.offset;
    for (let i = 0; i < s6_addr.length; i++) s6_addr[i] = bytes[from + i];
    return {
      ss_family: family,
      sa_family: family,
      sin6_family: family,
      sin6_port: view.getUint16(at + IN6.sin6_port.offset, host),
      sin6_flowinfo: view.getUint32(at + IN6.sin6_flowinfo.offset, host),
      sin6_addr: new In6Addr(s6_addr),
      sin6_scope_id: view.getUint32(at + IN6.sin6_scope_id.offset, host),
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
export function decode_addrinfo(m: Memory, base = 0): addrinfo {
  const view = m.view;
  let head: addrinfo | null = null;
  let previous: addrinfo | null = null;
  let at = base;
  for (;;) {
    const ai_addrlen = view.getUint32(at + P.ai_addrlen.offset, host);
    const canonname_length = view.getUint32(at + P.canonname_length.offset, host);
    const nameAt = at + P.size;
    const entry = new AddrinfoEntry(
      view.getInt32(at + P.ai_flags.offset, host),
      view.getInt32(at + P.ai_family.offset, host),
      view.getInt32(at + P.ai_socktype.offset, host),
      view.getInt32(at + P.ai_protocol.offset, host),
      ai_addrlen,
      decodeAddr(m, at + P.ai_addr.offset, ai_addrlen),
      canonname_length === 0
        ? null
        : text.decode(m.bytes.subarray(nameAt, nameAt + canonname_length - 1)),
    );
    if (previous === null) head = entry;
    else previous.ai_next = entry;
    previous = entry;
    const next = view.getUint32(at + P.ai_next.offset, host);
    if (next === 0) return head as addrinfo;
    at = base + next;
  }
}
