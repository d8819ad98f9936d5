/**
 * Socket address structures, with the C field names and byte orders.
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
 * struct sockaddr_un (unix(7)). A string `sun_path` is a pathname (its length plus the
 * terminating NUL must fit in 108 bytes); a Uint8Array is used byte for byte, e.g. an
 * abstract name starting with a NUL byte.
 */
export interface sockaddr_un {
  sun_family: number;
  sun_path: string | Uint8Array;
}

/**
 * struct sockaddr_storage: the object an output address is written into. After
 * `recvfrom`, `accept`, `getsockname`… it holds `ss_family` and the fields of that family,
 * so it reads as the cast does in C: `(struct sockaddr_in *)&src_addr`.
 */
export interface sockaddr_storage {
  ss_family?: number;
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
  /** The raw bytes of an address of another family. */
  sa_data?: Uint8Array;
}

/** Any socket address an input argument (`bind`, `connect`, `sendto`…) accepts. */
export type sockaddr = sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_storage;

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

/** True on little-endian hosts (x86, most ARM): where htons and htonl swap bytes. */
export const isLittleEndian: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
