/**
 * The memory this thread shares with the addon (native/boundary.h, `struct Scratch`): the
 * program's errno and h_errno, the `struct sockaddr` and `socklen_t` of address arguments,
 * optval, select's sets. TypeScript encodes a struct here before a call and decodes it
 * after; the addon reads and writes it in C. One per thread, as the addon instance is.
 *
 * Offsets come from src/layout.ts (offsetof, at build time).
 */
import { native } from './binding';
import { Scratch } from './layout';

export const scratch: ArrayBuffer = native.scratch;
/** The scratch memory, byte by byte and as a DataView in host byte order. */
export const scratchBytes = new Uint8Array(scratch);
export const scratchView = new DataView(scratch);
const scratchInt32 = new Int32Array(scratch);

/** Int32Array indexes of errno and h_errno: read with one load, no native call. */
export const ERRNO_INDEX = Scratch.errno_value.offset / 4;
export const H_ERRNO_INDEX = Scratch.h_errno_value.offset / 4;

/** The program's errno: what the last C call left there (native/boundary.h, CCall). */
export function get_errno(): number {
  return scratchInt32[ERRNO_INDEX];
}

/** `errno = value;` as a C program writes it (errno is an lvalue in C). */
export function set_errno(value: number): void {
  scratchInt32[ERRNO_INDEX] = value;
}

/** h_errno, as gethostbyname(3) and gethostbyaddr(3) left it. */
export function get_h_errno(): number {
  return scratchInt32[H_ERRNO_INDEX];
}

/** `socklen_t`s of the scratch: *addrlen and *optlen. */
export const ADDRLEN = Scratch.addrlen.offset;
export const OPTLEN = Scratch.optlen.offset;
/** Where the scratch's `struct sockaddr_storage` starts. */
export const ADDR = Scratch.addr.offset;

/**
 * The arguments and result of the entries that take them in the scratch (native/boundary.h,
 * Scratch::args and Scratch::result): Int32Array and Float64Array indexes. Written right
 * before the call, after every check (no code of the caller runs between).
 */
export const scratchArgs = scratchInt32;
export const ARGS = Scratch.args.offset / 4;
export const scratchResult = new Float64Array(scratch);
export const RESULT = Scratch.result.offset / 8;
/** The size_t argument (a byte count) of those entries, a Float64Array index. */
export const LENGTH = Scratch.length.offset / 8;

/**
 * Scratch::small_buf, where send and sendto copy a small buffer before the call and recv
 * and recvfrom receive a small one (src/c/send.ts, src/c/recv.ts).
 */
export const SMALL_BUF = Scratch.small_buf.offset;
export const SMALL_BUF_SIZE = Scratch.small_buf.size;
const smallBufViews: Uint8Array[] = [];
/** The first `length` bytes of Scratch::small_buf as a view, made once per length. */
export function smallBufView(length: number): Uint8Array {
  const view = smallBufViews[length];
  return view !== undefined ? view : newSmallBufView(length);
}

function newSmallBufView(length: number): Uint8Array {
  return (smallBufViews[length] = new Uint8Array(scratch, SMALL_BUF, length));
}
