/**
 * <string.h>'s copies and searches, on char arrays as C has them: a Uint8Array holding the
 * bytes and a NUL. Where C returns a `char *` into the array (strchr, strstr…), these
 * return a view of it from that byte (`s.subarray(i)`: the same memory, so `*p = 0;` is
 * `p[0] = 0;` and changes `s`, as in C), or null. A source may be a JS string: its UTF-8
 * bytes, as a C literal of a UTF-8 file. A char argument is a number or a one-character
 * string ('\n' reads as in C).
 *
 * C writes past an array that is too small; these throw a RangeError instead, and never
 * write out of the array.
 */
import { c_string_bytes } from './format';

/** A C string argument that cannot be NULL. */
export type c_text = string | Uint8Array;

/** The byte of a char argument: a number (its low 8 bits, as `(char)c`) or a one-char string. */
export function char_code(c: number | string, name: string): number {
  if (typeof c === 'number') return c & 0xff;
  if (typeof c === 'string') {
    const bytes = Buffer.from(c, 'utf8');
    if (bytes.length === 1) return bytes[0];
  }
  throw new TypeError(`${name}: c must be a number or a one-byte string, got ${JSON.stringify(c)}`);
}

function text(s: c_text, name: string): Uint8Array {
  if (typeof s !== 'string' && !(s instanceof Uint8Array)) {
    throw new TypeError(`${name}: expected a string or a Uint8Array, got ${typeof s}`);
  }
  return c_string_bytes(s);
}

function room(name: string, dest: Uint8Array, needed: number): void {
  if (needed > dest.length) {
    throw new RangeError(`${name}: ${needed} bytes do not fit in dest (${dest.length} bytes)`);
  }
}

/** `char *strcpy(char *dest, const char *src);` — strcpy(3): `src` and its NUL. Returns dest. */
export function strcpy(dest: Uint8Array, src: c_text): Uint8Array {
  const bytes = text(src, 'strcpy');
  room('strcpy', dest, bytes.length + 1);
  dest.set(bytes);
  dest[bytes.length] = 0;
  return dest;
}

/**
 * `char *strncpy(char *dest, const char *src, size_t n);` — strcpy(3): at most `n` bytes
 * of `src`, then NULs up to `n` (no NUL at all when `src` has `n` bytes or more, as in C).
 */
export function strncpy(dest: Uint8Array, src: c_text, n: number): Uint8Array {
  room('strncpy', dest, n);
  const bytes = text(src, 'strncpy');
  const count = Math.min(bytes.length, n);
  dest.set(bytes.subarray(0, count));
  dest.fill(0, count, n);
  return dest;
}

/** `char *strcat(char *dest, const char *src);` — strcat(3): `src` after `dest`'s text. */
export function strcat(dest: Uint8Array, src: c_text): Uint8Array {
  const end = cstrlen(dest, 'strcat');
  const bytes = text(src, 'strcat');
  room('strcat', dest, end + bytes.length + 1);
  dest.set(bytes, end);
  dest[end + bytes.length] = 0;
  return dest;
}

/** `char *strncat(char *dest, const char *src, size_t n);` — at most `n` bytes, then a NUL. */
export function strncat(dest: Uint8Array, src: c_text, n: number): Uint8Array {
  const end = cstrlen(dest, 'strncat');
  const bytes = text(src, 'strncat').subarray(0, n);
  room('strncat', dest, end + bytes.length + 1);
  dest.set(bytes, end);
  dest[end + bytes.length] = 0;
  return dest;
}

/** dest's text length; a dest with no NUL is a RangeError (C would read past it). */
function cstrlen(s: Uint8Array, name: string): number {
  const nul = s.indexOf(0);
  if (nul === -1) throw new RangeError(`${name}: dest holds no NUL`);
  return nul;
}

/** The array a search returns a view of: the char array itself, or a string's bytes. */
function searched(s: c_text, name: string): { bytes: Uint8Array; length: number } {
  if (typeof s === 'string') {
    const bytes = Buffer.from(`${s}\0`, 'utf8');
    return { bytes, length: bytes.length - 1 };
  }
  return { bytes: s, length: text(s, name).length };
}

/**
 * `char *strchr(const char *s, int c);` — strchr(3): a view of `s` from the first byte
 * `c`, or null. `c` 0 finds the terminating NUL, as in C.
 */
export function strchr(s: c_text, c: number | string): Uint8Array | null {
  const byte = char_code(c, 'strchr');
  const { bytes, length } = searched(s, 'strchr');
  const at = bytes.subarray(0, length + 1).indexOf(byte);
  return at === -1 || at > length ? null : bytes.subarray(at);
}

/** `char *strrchr(const char *s, int c);` — strchr(3): from the last byte `c`, or null. */
export function strrchr(s: c_text, c: number | string): Uint8Array | null {
  const byte = char_code(c, 'strrchr');
  const { bytes, length } = searched(s, 'strrchr');
  const at = bytes.subarray(0, length + 1).lastIndexOf(byte);
  return at === -1 ? null : bytes.subarray(at);
}

/** `char *strstr(const char *haystack, const char *needle);` — strstr(3). */
export function strstr(haystack: c_text, needle: c_text): Uint8Array | null {
  const { bytes, length } = searched(haystack, 'strstr');
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, length).indexOf(text(needle, 'strstr'));
  return at === -1 ? null : bytes.subarray(at);
}

/**
 * `int memcmp(const void *s1, const void *s2, size_t n);` — memcmp(3): the difference of
 * the first differing bytes (as unsigned char), 0 when the `n` first are equal.
 */
export function memcmp(s1: Uint8Array, s2: Uint8Array, n: number): number {
  if (n > s1.length || n > s2.length) {
    throw new RangeError(`memcmp: n ${n} is beyond s1 (${s1.length}) or s2 (${s2.length})`);
  }
  for (let i = 0; i < n; i++) if (s1[i] !== s2[i]) return s1[i] - s2[i];
  return 0;
}
