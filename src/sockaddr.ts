/**
 * Socket address structures, with the C field names and byte orders (their memory
 * layout and codecs are in src/struct/sockaddr.ts).
 *
 * `sin_port`, `sin6_port` and `s_addr` hold **network byte order**, exactly as in C: fill
 * them with `htons()` / `htonl()`, read them with `ntohs()` / `ntohl()`. A port set
 * without `htons` is as wrong in TypeScript as it is in C. `addrlen` is computed by the
 * binding from the struct (16 for sockaddr_in, 28 for sockaddr_in6…), see `sizeof`.
 *
 * The struct is told by its fields, as the C type is: an object with `sin_family` is a
 * `struct sockaddr_in`, one with `sin6_family` a `struct sockaddr_in6`, one with
 * `sun_family` a `struct sockaddr_un`. See ip(7), ipv6(7), unix(7).
 */
import { native } from './binding';
import type { in_addr, in6_addr } from './struct/sockaddr';
import { isLittleEndian } from './byteorder';

export type {
  in_addr,
  in6_addr,
  sockaddr,
  sockaddr_in,
  sockaddr_in6,
  sockaddr_un,
  sockaddr_ll,
  sockaddr_nl,
  sockaddr_storage,
  socklen_t,
} from './struct/sockaddr';
export { isLittleEndian } from './byteorder';

/**
 * `sizeof(struct …)` for the structs of this API, as the C compiler computed them when
 * the addon was built: `sizeof.sockaddr_in` is 16 on Linux.
 */
export const sizeof: Readonly<typeof native.sizeof> = Object.freeze({ ...native.sizeof });

/**
 * The cast `*(struct in_addr *)p`: reads the 4 bytes of an address as `hostent.h_addr`
 * gives them (network byte order) into an in_addr.
 */
export function as_in_addr(bytes: Uint8Array): in_addr {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('as_in_addr: bytes must be a Uint8Array');
  }
  if (bytes.length < 4) {
    throw new RangeError(`as_in_addr: bytes must hold at least 4 bytes, got ${bytes.length}`);
  }
  // The bytes are in network order; s_addr keeps them in memory order, as C's cast does.
  return { s_addr: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, isLittleEndian) };
}

/** The cast `*(struct in6_addr *)p`: copies 16 bytes into an in6_addr. */
export function as_in6_addr(bytes: Uint8Array): in6_addr {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('as_in6_addr: bytes must be a Uint8Array');
  }
  if (bytes.length < 16) {
    throw new RangeError(`as_in6_addr: bytes must hold at least 16 bytes, got ${bytes.length}`);
  }
  return { s6_addr: bytes.slice(0, 16) };
}
