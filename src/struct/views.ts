/**
 * Byte views and char pointers: what C reads through a union or a cast, and `*ptr++ = c`.
 *
 * ```c
 * union { int i; struct linger l; struct timeval t; } val;   const val = char_array(sizeof.timeval);
 * len = sizeof(val);                                          len.value = sizeof(val);
 * getsockopt(fd, level, name, &val, &len);                    getsockopt(fd, level, name, val, len);
 * printf("%d", val.i);                                        printf('%d', as_int(val));
 * ```
 *
 * `as_int`, `as_linger`, `as_timeval` read the bytes as the C type lies in memory (host byte
 * order, the field offsets of src/layout.ts), as `as_in_addr` reads an address: a copy of the
 * value, taken when called, as C reads the union member after the call.
 *
 * `buf + n` is `buf.subarray(n)`: the same memory from byte n, what `write(fd, ptr, nleft)`
 * takes (and `ptr += n` is `ptr = ptr.subarray(n)`). For the loops that store through a
 * pointer (`*ptr++ = c`), `char_ptr` is a pointer into a byte array.
 */
import * as check from '../args';
import * as layout from '../layout';
import { isLittleEndian as host } from '../byteorder';
import { load_linger, load_timeval, type linger, type timeval } from './timeval';
import { as_in_addr } from '../sockaddr';
import type { in_addr } from './sockaddr';

function viewOf(fn: string, bytes: Uint8Array, size: number): DataView {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${fn}: bytes must be a Uint8Array, got ${check.describe(bytes)}`);
  }
  if (bytes.length < size) {
    throw new RangeError(`${fn}: bytes must hold at least ${size} bytes, got ${bytes.length}`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, size);
}

/** The cast `*(int *)p`: the int in the first sizeof(int) bytes, in host byte order. */
export function as_int(bytes: Uint8Array): number {
  return viewOf('as_int', bytes, layout.int.size).getInt32(0, host);
}

/** The cast `*(struct linger *)p`: the struct linger in the first sizeof(struct linger) bytes. */
export function as_linger(bytes: Uint8Array): linger {
  return load_linger(viewOf('as_linger', bytes, layout.linger.size), 0);
}

/** The cast `*(struct timeval *)p`: the struct timeval in the first sizeof(struct timeval) bytes. */
export function as_timeval(bytes: Uint8Array): timeval {
  return load_timeval(viewOf('as_timeval', bytes, layout.timeval.size), 0);
}

/**
 * `char *ptr = buf;`: a pointer into a byte array, at `offset`. It reads like the C:
 *
 * | C                    | TS                          |
 * | -------------------- | --------------------------- |
 * | `char *ptr = buf;`   | `const ptr = char_ptr(buf);` |
 * | `*ptr++ = c;`        | `ptr.put(c);`               |
 * | `c = *ptr++;`        | `c = ptr.get();`            |
 * | `*ptr = 0;`          | `ptr.set(0);`               |
 * | `*ptr`               | `ptr.deref()`               |
 * | `ptr += n;`          | `ptr.add(n);`               |
 * | `ptr - buf`          | `ptr.offset`                |
 * | `write(fd, ptr, n)`  | `write(fd, ptr.bytes(), n)` |
 *
 * A store or load outside the array is a RangeError, where C would go out of bounds.
 */
export class char_ptr_t {
  constructor(
    /** The array pointed into. */
    readonly base: Uint8Array,
    /** `ptr - base`. */
    public offset = 0,
  ) {}

  private at(fn: string): number {
    if (this.offset < 0 || this.offset >= this.base.length) {
      throw new RangeError(
        `char_ptr.${fn}: offset ${this.offset} is outside the array (${this.base.length} bytes)`,
      );
    }
    return this.offset;
  }

  /** `*ptr++ = c;` */
  put(c: number): void {
    this.base[this.at('put')] = c;
    this.offset++;
  }

  /** `*ptr++` (read, then advance). */
  get(): number {
    const c = this.base[this.at('get')];
    this.offset++;
    return c;
  }

  /** `*ptr = c;` */
  set(c: number): void {
    this.base[this.at('set')] = c;
  }

  /** `*ptr` */
  deref(): number {
    return this.base[this.at('deref')];
  }

  /** `ptr += n;` (negative n goes back). Returns the pointer. */
  add(n: number): this {
    this.offset += check.int(n, 'char_ptr.add', 'n');
    return this;
  }

  /** The memory from `ptr` on (`buf + offset`): what read/write/send take. */
  bytes(): Uint8Array {
    if (this.offset < 0 || this.offset > this.base.length) {
      throw new RangeError(`char_ptr.bytes: offset ${this.offset} is outside the array`);
    }
    return this.base.subarray(this.offset);
  }
}

/** `char *ptr = buf + offset;` — a char_ptr_t into `buf`. */
export function char_ptr(buf: Uint8Array, offset = 0): char_ptr_t {
  if (!(buf instanceof Uint8Array)) {
    throw new TypeError(`char_ptr: buf must be a Uint8Array, got ${check.describe(buf)}`);
  }
  return new char_ptr_t(buf, check.int(offset, 'char_ptr', 'offset'));
}

/**
 * `struct in_pktinfo` (ip(7)): the ancillary data of IP_PKTINFO, `int ipi_ifindex; struct
 * in_addr ipi_spec_dst; struct in_addr ipi_addr;` (its offsets and sizeof.in_pktinfo from
 * the compiler: native/layout.cc).
 */
export interface in_pktinfo {
  ipi_ifindex: number;
  ipi_spec_dst: in_addr;
  ipi_addr: in_addr;
}

/**
 * The cast `(struct in_pktinfo *)CMSG_DATA(cmsg)`, read: `pi->ipi_ifindex` in host byte
 * order, the two addresses as s_addr keeps them (network order in memory, as_in_addr). A copy
 * of the bytes when called, as the other views.
 */
export function as_in_pktinfo(bytes: Uint8Array): in_pktinfo {
  const { ipi_ifindex, ipi_spec_dst, ipi_addr } = layout.in_pktinfo;
  const view = viewOf('as_in_pktinfo', bytes, layout.in_pktinfo.size);
  const at = (field: { offset: number; size: number }) =>
    as_in_addr(bytes.subarray(field.offset, field.offset + field.size));
  return {
    ipi_ifindex: view.getInt32(ipi_ifindex.offset, host),
    ipi_spec_dst: at(ipi_spec_dst),
    ipi_addr: at(ipi_addr),
  };
}
