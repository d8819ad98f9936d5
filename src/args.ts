/**
 * Argument checks: one function per kind of C argument, used by every function of the
 * package before its native call (src/c/).
 *
 * Each throws a TypeError (wrong type, missing argument) or a RangeError (NaN, fraction,
 * out of range, a length beyond its buffer) whose message names the calling function and
 * the argument: `sendto: len (2048) exceeds buf.byteLength (1024)`. These are the errors C
 * gives at compile time or by corrupting memory; everything the kernel can answer is left
 * to the kernel, as in C (a negative fd reaches close(2), which says EBADF).
 *
 * The native side checks again that a length fits its buffer (native/boundary.h): these
 * messages are the ones a user sees, native's are the last guard.
 */

/*
 * The intrinsic accessors of %TypedArray%.prototype, taken once at module load: a view's
 * own `byteLength` or `length` (an `Object.defineProperty` on the Uint8Array), a Proxy or a
 * patched prototype cannot run code through these. Every check of a user's view goes
 * through them, so that checking a buffer runs none of the caller's code: a call cannot be
 * re-entered between the moment an argument is written into this thread's shared memory
 * (src/scratch.ts) and the native call that reads it.
 */
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
function intrinsicGetter(key: PropertyKey): () => unknown {
  return Object.getOwnPropertyDescriptor(TypedArrayPrototype, key)!.get! as () => unknown;
}
// Each a function of its own calling its getter with .call: V8 then knows the getter at
// each call site and compiles it inline, where a bound `call` stayed a call of the builtin
// (36 instructions for byteLength: bench/instructions.ts).
const byteLength = intrinsicGetter('byteLength');
const toStringTag = intrinsicGetter(Symbol.toStringTag);
const bufferGetter = intrinsicGetter('buffer');
const byteOffset = intrinsicGetter('byteOffset');

/** `view.byteLength`, as the engine keeps it (0 once detached); throws on a non-view. */
export function byteLengthOf(view: unknown): number {
  return byteLength.call(view) as number;
}

/** `'Uint8Array'` for a Uint8Array or a Buffer, the name of another typed array, else undefined. */
function typedArrayName(view: unknown): string | undefined {
  return toStringTag.call(view) as string | undefined;
}

/** `view.buffer` and `view.byteOffset`, as the engine keeps them. */
export function bufferOf(view: unknown): ArrayBufferLike {
  return bufferGetter.call(view) as ArrayBufferLike;
}
export function byteOffsetOf(view: unknown): number {
  return byteOffset.call(view) as number;
}

/**
 * `target.set(source, offset)` by the engine's own %TypedArray%.prototype.set: a patched
 * prototype runs no code here either (a copy into the scratch memory, src/c/send.ts).
 */
const typedArraySet = (TypedArrayPrototype as { set: Uint8Array['set'] }).set;
export function setBytes(target: Uint8Array, source: Uint8Array, offset: number): void {
  typedArraySet.call(target, source, offset);
}

/** A Uint8Array (or a Buffer), told by the engine's own slot: no getter or Proxy trap runs. */
export function isUint8Array(v: unknown): v is Uint8Array {
  return typedArrayName(v) === 'Uint8Array';
}

/** "a number", "a string", "an array"… for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  const type = typeof v;
  if (type === 'object') return 'an object';
  if (type === 'bigint') return 'a bigint';
  return `a ${type}`;
}

/** As JavaScript prints the number. */
function show(n: number): string {
  return String(n);
}

function integer(v: unknown, fn: string, name: string, min: number, max: number): number {
  if (typeof v === 'number' && v >= min && v <= max && Math.floor(v) === v) return v;
  if (typeof v !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an integer, got ${describe(v)}`);
  }
  throw new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max}], got ${show(v)}`);
}

/** A C `int` (fd, domain, flags, level, backlog…): an integer in [-2^31, 2^31 - 1]. */
export function int(v: unknown, fn: string, name: string): number {
  // The common case in one test: an int32 already.
  if (typeof v === 'number' && (v | 0) === v) return v;
  return integer(v, fn, name, -2147483648, 2147483647);
}

/** An unsigned integer in [0, max]. */
export function uint(v: unknown, fn: string, name: string, max: number): number {
  // The common case in one test, with no floating-point rounding: a uint32 already.
  if (typeof v === 'number' && v >>> 0 === v && v <= max) return v;
  return integer(v, fn, name, 0, max);
}

/**
 * A `socklen_t` passed by value (`sendto(…, addrlen)`, `bind`, `connect`, getnameinfo's
 * lengths, setsockopt's optlen): a number, or a socklen_t box `{ value }`, whose value is
 * read, so that one variable serves `&len` and `len` as in C:
 * `accept(s, &addr, &len); sendto(s, buf, n, 0, &addr, len);`. Read it before anything is
 * written into shared memory (`value` may be a getter); check the number it returns.
 */
export function socklenValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? (v as { value: unknown }).value : v;
}

/** `s` as C's string literal is stored: UTF-8 bytes. */
const utf8 = new TextEncoder();

/**
 * A `const void *buf` or `void *buf`: a Uint8Array (a Buffer included). For an input
 * buffer, a string is accepted too and stands for its UTF-8 bytes, as a string literal does
 * in C (`send(fd, "Hello", 5, 0)`).
 */
export function bytes(v: unknown, fn: string, name: string, input: boolean): Uint8Array {
  if (isUint8Array(v)) return v;
  if (input && typeof v === 'string') return utf8.encode(v);
  throw notBytes(v, fn, name, input);
}

function notBytes(v: unknown, fn: string, name: string, input: boolean): TypeError {
  return new TypeError(
    `${fn}: ${name} must be a Uint8Array${input ? ', a Buffer or a string' : ' or Buffer'}, got ${describe(v)}`,
  );
}

/**
 * A byte count `len` of `buf`: an integer in [0, buf.byteLength]. The checks of a send or a
 * receive are on every call: their errors are built by functions of their own, so that the
 * checks stay small enough for V8 to compile into the caller.
 */
export function len(
  v: unknown,
  fn: string,
  name: string,
  buf: Uint8Array,
  bufName: string,
): number {
  return lenWithin(v, fn, name, byteLengthOf(buf), bufName);
}

/** `len` where buf's byteLength, `size`, is known. */
export function lenWithin(
  v: unknown,
  fn: string,
  name: string,
  size: number,
  bufName: string,
): number {
  // The common case in one test, a uint32; a count of 4 GiB or more takes the other way.
  if (typeof v === 'number' && v >>> 0 === v && v <= size) return v;
  return lenBeyondUint32(v, fn, name, size, bufName);
}

function lenBeyondUint32(
  v: unknown,
  fn: string,
  name: string,
  size: number,
  bufName: string,
): number {
  if (typeof v === 'number' && v >= 0 && v <= size && Math.floor(v) === v) return v;
  if (typeof v !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an integer, got ${describe(v)}`);
  }
  if (!(v >= 0) || Math.floor(v) !== v) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${show(v)}`);
  }
  throw new RangeError(`${fn}: ${name} (${show(v)}) exceeds ${bufName}.byteLength (${size})`);
}

/**
 * The buffer of a call that sends or receives and its byte count (`len`, `count` for read
 * and write): returns buf's bytes (an input string's UTF-8 bytes) once the count is checked
 * to fit them. Every check returns a valid argument as it is, so the caller passes the
 * count on as given.
 */
export function buffer(
  fn: string,
  buf: unknown,
  count: unknown,
  input: boolean,
  countName = 'len',
): Uint8Array {
  const b = bytes(buf, fn, 'buf', input);
  len(count, fn, countName, b, 'buf');
  return b;
}

/**
 * send and recv (and their promise forms): sockfd, flags, buf and len, checked in that
 * order, as `buffer` returns them (sendto and recvfrom check their address between flags
 * and buf, so they call `int` and `buffer` themselves).
 */
export function sendRecv(
  fn: string,
  sockfd: unknown,
  flags: unknown,
  buf: unknown,
  count: unknown,
  input: boolean,
): Uint8Array {
  int(sockfd, fn, 'sockfd');
  int(flags, fn, 'flags');
  return buffer(fn, buf, count, input);
}

/** A string that reaches C as a `const char *`: no NUL byte inside (C would stop there). */
export function string(v: unknown, fn: string, name: string): string {
  if (typeof v !== 'string') {
    throw new TypeError(`${fn}: ${name} must be a string, got ${describe(v)}`);
  }
  if (v.includes('\0')) {
    throw new TypeError(`${fn}: ${name} must not contain a NUL byte (C would stop reading there)`);
  }
  return v;
}

/** A `const char *` that may be C's NULL (`null` or `undefined`): the string, or null. */
export function optionalString(v: unknown, fn: string, name: string): string | null {
  return v === null || v === undefined ? null : string(v, fn, name);
}

/**
 * Where `encodeCstring` writes: one buffer per string argument of a call (getaddrinfo has
 * two, node and service), reused from call to call so that a string argument costs no
 * allocation, and replaced by a bigger one when a string needs more. Module state is per
 * thread: each Worker loads its own copy of this module.
 */
const cstringScratch = [new Uint8Array(256), new Uint8Array(256)];

/**
 * `text` (checked by `string`) as C receives a `const char *`: its UTF-8 bytes and a
 * terminating NUL, in the scratch buffer `slot`. They stay there until the next string of
 * the same slot: encode right before the native call, after anything that can run the
 * caller's code (a getter of another argument could make a call that reuses the buffer).
 */
export function encodeCstring(text: string, slot: 0 | 1 = 0): Uint8Array {
  const written = encodeIntoSlot(text, slot);
  return cstringScratch[slot].subarray(0, written + 1);
}

/**
 * `encodeCstring` without the view of the string's exact length: the whole scratch buffer
 * of `slot`, the string's bytes and their NUL at its start. C reads up to the NUL (native
 * checks that the view holds one, text.h CString), so this is the same `const char *`,
 * without allocating a subarray per call.
 */
export function cstringBuffer(text: string, slot: 0 | 1 = 0): Uint8Array {
  encodeIntoSlot(text, slot);
  return cstringScratch[slot];
}

/** Writes `text` and a NUL into the buffer of `slot` (grown if needed); returns its bytes. */
function encodeIntoSlot(text: string, slot: 0 | 1): number {
  // At most 3 UTF-8 bytes per UTF-16 code unit (a surrogate pair, 2 units, is 4 bytes).
  const needed = text.length * 3 + 1;
  let out = cstringScratch[slot];
  if (out.length < needed) {
    out = new Uint8Array(Math.max(needed, out.length * 2));
    cstringScratch[slot] = out;
  }
  const { written } = utf8.encodeInto(text, out);
  out[written] = 0;
  return written;
}

/** A `const char *` as C receives it: `string`'s checks, then `encodeCstring`. */
export function cstring(v: unknown, fn: string, name: string, slot: 0 | 1 = 0): Uint8Array {
  return encodeCstring(string(v, fn, name), slot);
}

/** A `const char *` that may be C's NULL (`null` or `undefined`). */
export function optionalCstring(v: unknown, fn: string, name: string): Uint8Array | null {
  return v === null || v === undefined ? null : cstring(v, fn, name);
}

/** An object argument (a struct). */
export function object(v: unknown, fn: string, name: string): Record<string, unknown> {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
    throw new TypeError(`${fn}: ${name} must be an object, got ${describe(v)}`);
  }
  return v as Record<string, unknown>;
}
