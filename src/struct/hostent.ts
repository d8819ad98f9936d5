/**
 * struct hostent: what gethostbyname(3) and gethostbyaddr(3) return, and how it crosses
 * from C.
 *
 * ```c
 * struct hostent {
 *   char  *h_name;       // the official name
 *   char **h_aliases;    // other names, NULL-terminated
 *   int    h_addrtype;   // AF_INET or AF_INET6
 *   int    h_length;     // 4 or 16: the length of each address
 *   char **h_addr_list;  // the addresses (network byte order), NULL-terminated
 * };
 * #define h_addr h_addr_list[0]
 * ```
 *
 * The C library returns a pointer to its static storage. native/hostent.cc packs what it
 * points to into bytes (under a lock: that storage is shared by all threads) before any
 * other call can overwrite it; this file reads the bytes back. The packed form
 * (native/packed.h, `struct PackedHostent`; offsets from `layout.packed_hostent`):
 *
 * ```
 * header                                                   offset  size
 *   int32  h_addrtype                                         0      4
 *   int32  h_length                                           4      4
 *   uint32 h_name_length      NUL included; 0 for NULL        8      4
 *   uint32 h_aliases_count                                   12      4
 *   uint32 h_addr_list_count                                 16      4
 * then h_name, then each alias (NUL-terminated), then each address (h_length bytes).
 * ```
 * (the numbers are Linux x86-64's; the code reads them from the layout table.)
 */
import { packed_hostent as P } from '../layout';
import type { Memory } from './sockaddr';
import { isLittleEndian as host } from '../byteorder';

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

const text = new TextDecoder();

/** Reads the packed hostent at byte 0 of `m`. */
export function decode_hostent(m: Memory): hostent {
  const h_length = m.view.getInt32(P.h_length.offset, host);
  const nameLength = m.view.getUint32(P.h_name_length.offset, host);
  const aliases = m.view.getUint32(P.h_aliases_count.offset, host);
  const addresses = m.view.getUint32(P.h_addr_list_count.offset, host);
  let at = P.size;
  const h_name = nameLength === 0 ? '' : text.decode(m.bytes.subarray(at, at + nameLength - 1));
  at += nameLength;
  const h_aliases: string[] = [];
  for (let i = 0; i < aliases; i++) {
    const end = m.bytes.indexOf(0, at);
    h_aliases.push(text.decode(m.bytes.subarray(at, end)));
    at = end + 1;
  }
  const size = Math.max(h_length, 0);
  const h_addr_list: Uint8Array[] = [];
  for (let i = 0; i < addresses; i++) {
    h_addr_list.push(m.bytes.slice(at, at + size));
    at += size;
  }
  return {
    h_name,
    h_aliases,
    h_addrtype: m.view.getInt32(P.h_addrtype.offset, host),
    h_length,
    h_addr_list,
    h_addr: addresses > 0 ? h_addr_list[0] : null,
  };
}
