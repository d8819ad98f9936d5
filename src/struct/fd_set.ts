/**
 * fd_set: select's set of descriptors, and FD_ZERO, FD_SET, FD_CLR, FD_ISSET.
 *
 * ```
 * fd_set (128 bytes)                 offset  size
 *   long  fds_bits[16]                  0    128   FD_SETSIZE (1024) bits
 * ```
 * (the numbers are Linux x86-64's; the code reads them from `layout.fd_set` and
 * `layout.fd_mask`.) As glibc lays it out, `fds_bits` is an array of `long` words
 * (fd_mask), NFDBITS = 8 * sizeof(fd_mask) bits each: descriptor `fd` is bit
 * `fd % NFDBITS` of word `fd / NFDBITS`, each word in host byte order. Here `fds_bits` is
 * the bytes of those words, so that select copies it into the C struct unchanged. On a
 * little-endian machine that makes `fd` bit `fd % 8` of byte `fd / 8`.
 *
 * FD_SETSIZE = 8 * sizeof(fd_set). A descriptor outside [0, FD_SETSIZE) has no bit: glibc
 * aborts the C program ("bit out of range"); here the macros throw a RangeError.
 */
import * as check from '../args';
import { fd_mask, fd_set as FDS } from '../layout';
import { isLittleEndian as host } from '../byteorder';

/** sizeof(fd_set) * 8: the descriptors a set can hold. */
export const FD_SETSIZE: number = FDS.size * 8;
/** Bits per word of fds_bits: 8 * sizeof(fd_mask). */
export const NFDBITS: number = fd_mask.size * 8;

const WORD = fd_mask.size;

/** fd_set: `fds_bits` holds sizeof(fd_set) bytes. A new set is empty, as after FD_ZERO. */
export class fd_set {
  readonly fds_bits: Uint8Array = new Uint8Array(FDS.size);
}

/** The byte of `fds_bits` that holds `fd`'s bit: in word fd / NFDBITS, by host order. */
function byteOf(fd: number): number {
  const word = Math.floor(fd / NFDBITS);
  const byteInWord = (fd % NFDBITS) >> 3;
  return word * WORD + (host ? byteInWord : WORD - 1 - byteInWord);
}

function checkFd(fn: string, fd: number): void {
  if (!Number.isInteger(fd) || fd < 0 || fd >= FD_SETSIZE) {
    throw new RangeError(
      `${fn}: fd must be an integer in [0, FD_SETSIZE = ${FD_SETSIZE}), got ${fd}`,
    );
  }
}

/** `void FD_ZERO(fd_set *set);` — empties the set. */
export function FD_ZERO(set: fd_set): void {
  set.fds_bits.fill(0);
}

/** `void FD_SET(int fd, fd_set *set);` — adds `fd`. RangeError outside [0, FD_SETSIZE). */
export function FD_SET(fd: number, set: fd_set): void {
  checkFd('FD_SET', fd);
  set.fds_bits[byteOf(fd)] |= 1 << (fd & 7);
}

/** `void FD_CLR(int fd, fd_set *set);` — removes `fd`. RangeError outside [0, FD_SETSIZE). */
export function FD_CLR(fd: number, set: fd_set): void {
  checkFd('FD_CLR', fd);
  set.fds_bits[byteOf(fd)] &= ~(1 << (fd & 7));
}

/**
 * `int FD_ISSET(int fd, fd_set *set);` — whether `fd` is in the set (C returns a non-zero
 * int; here a boolean, which `if (FD_ISSET(fd, &set))` reads the same). RangeError outside
 * [0, FD_SETSIZE).
 */
export function FD_ISSET(fd: number, set: fd_set): boolean {
  checkFd('FD_ISSET', fd);
  return (set.fds_bits[byteOf(fd)] & (1 << (fd & 7))) !== 0;
}

/**
 * The `fds_bits` of an fd_set argument named `name`, checked to be sizeof(fd_set) bytes;
 * null for C's NULL (null or undefined). Reading `fds_bits` can run a getter: callers read
 * every argument before they copy any set.
 */
export function fd_set_bits(v: unknown, fn: string, name: string): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') {
    throw new TypeError(`${fn}: ${name} must be an fd_set or null, got ${check.describe(v)}`);
  }
  const bits = (v as { fds_bits?: unknown }).fds_bits;
  if (!check.isUint8Array(bits)) {
    throw new TypeError(
      `${fn}: ${name}.fds_bits must be a Uint8Array, got ${check.describe(bits)}`,
    );
  }
  check_fd_set_size(bits, fn, name);
  return bits;
}

/** RangeError unless `bits` holds sizeof(fd_set) bytes (a detached buffer holds none). */
export function check_fd_set_size(bits: Uint8Array, fn: string, name: string): void {
  const size = check.byteLengthOf(bits);
  if (size !== FDS.size) {
    throw new RangeError(
      `${fn}: ${name}.fds_bits must hold FD_SETSIZE / 8 = ${FDS.size} bytes, got ${size}`,
    );
  }
}
