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
 * (the numbers are Linux x86-64's; the code reads them from the layout table.)
 */
import { packed_addrinfo as P } from '../layout';
import { decode_sockaddr, type Memory, type sockaddr_storage } from './sockaddr';
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
  ai_next: addrinfo | null = null;
  constructor(
    public ai_flags: number,
    public ai_family: number,
    public ai_socktype: number,
    public ai_protocol: number,
    public ai_addrlen: number,
    public ai_addr: sockaddr_storage,
    public ai_canonname: string | null,
  ) {}

  *[Symbol.iterator](): Iterator<addrinfo> {
    yield this;
    for (let ai = this.ai_next; ai !== null; ai = ai.ai_next) yield ai;
  }
}

const text = new TextDecoder();

/**
 * Reads the packed list at byte 0 of `m` (what native wrote after a successful
 * getaddrinfo) into a list of addrinfo objects, ai_next links as in C.
 */
export function decode_addrinfo(m: Memory): addrinfo {
  let head: addrinfo | null = null;
  let previous: addrinfo | null = null;
  let at = 0;
  for (;;) {
    const ai_addrlen = m.view.getUint32(at + P.ai_addrlen.offset, host);
    const canonname_length = m.view.getUint32(at + P.canonname_length.offset, host);
    const ai_addr: sockaddr_storage = {};
    const addrAt = at + P.ai_addr.offset;
    decode_sockaddr(m, addrAt, ai_addrlen, P.ai_addr.size, ai_addr);
    const nameAt = at + P.size;
    const entry = new AddrinfoEntry(
      m.view.getInt32(at + P.ai_flags.offset, host),
      m.view.getInt32(at + P.ai_family.offset, host),
      m.view.getInt32(at + P.ai_socktype.offset, host),
      m.view.getInt32(at + P.ai_protocol.offset, host),
      ai_addrlen,
      ai_addr,
      canonname_length === 0
        ? null
        : text.decode(m.bytes.subarray(nameAt, nameAt + canonname_length - 1)),
    );
    if (previous === null) head = entry;
    else previous.ai_next = entry;
    previous = entry;
    const next = m.view.getUint32(at + P.ai_next.offset, host);
    if (next === 0) return head as addrinfo;
    at = next;
  }
}
