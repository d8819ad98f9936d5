/**
 * bsd-sockets/libc: the C library functions a socket program calls besides the socket API,
 * with their C names and C behaviour, so that a port reads like its C original and prints
 * the same bytes, in the same write(2) calls:
 *
 *   <stdio.h>  stdin, stdout, stderr, setvbuf, fflush, printf, fprintf, snprintf, puts,
 *              fputs, putchar, fputc, fgets, perror
 *   <stdlib.h> exit, atoi, EXIT_SUCCESS, EXIT_FAILURE
 *   <string.h> strlen, strcmp, strncmp, memset, memcpy, strerror, and char_array for
 *              `char s[] = "…";`
 *   <ctype.h>  toupper, tolower
 *   <unistd.h> sleep
 *   <malloc.h> malloc_trim (glibc)
 *
 * plus libc_start_main, what the C runtime does around `main`.
 *
 * ```ts
 * import { AF_INET, SOCK_DGRAM, socket } from 'bsd-sockets/c';
 * import { exit, libc_start_main, perror, printf } from 'bsd-sockets/libc';
 *
 * function main(argc: number, argv: string[]): number {
 *   let s: number;
 *   if ((s = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
 *     perror('socket');
 *     exit(1);
 *   }
 *   printf('socket %d\n', s);
 *   return 0;
 * }
 * libc_start_main(main);
 * ```
 *
 * Strings are bytes, as in C: a `char` array is a Uint8Array ended by a NUL byte. Text given
 * as a JS string is written in UTF-8, as the C compiler stores the literals of a UTF-8
 * source file ("reçu" is 5 bytes in both).
 *
 * Everything is synchronous (read(2) and write(2) on fds 0, 1 and 2, Atomics.wait for
 * sleep): a program never waits on the event loop, so it runs, blocks and prints as its C
 * original does. stdout is buffered as glibc buffers it (by line on a terminal, fully
 * otherwise, until setvbuf says otherwise); `exit` and `libc_start_main` flush it, as C's
 * exit does. Output left in the buffer when the process ends another way (process.exit,
 * an uncaught exception, a signal) is lost, as in C.
 */
import * as fs from 'node:fs';
import { isatty } from 'node:tty';

import * as check from '../args';
import { native } from '../binding';
import { strerror } from '../c/strerror';
import { get_errno } from '../scratch';
import { c_string_bytes, format_bytes } from './format';
import type { c_string, printf_arg } from './format';

export type { c_string, printf_arg } from './format';

/**
 * `void perror(const char *s);` — perror(3): `s: ` and strerror(errno) on stderr, by the C
 * library's own perror, for the errno the last call of the package left (live, as in C).
 * `char *strerror(int errnum);` — strerror(3).
 */
export { perror, strerror } from '../c/strerror';

/* ------------------------------------------------------------------ <stdio.h> */

/** setvbuf's modes, with glibc's values: full, line, and no buffering. */
export const _IOFBF = 0;
export const _IOLBF = 1;
export const _IONBF = 2;

/** glibc's stdio buffer size (st_blksize of a pipe or a file). */
export const BUFSIZ = 4096;

/** What fgets and the other input functions return at end of file, as a number. */
export const EOF = -1;

/**
 * FILE: a stdio stream on a file descriptor. Output is held in `pending` as C's buffer
 * holds it and written by fflush; input is read BUFSIZ bytes at a time into `input`.
 */
export interface FILE {
  readonly fd: number;
  /** _IOFBF, _IOLBF or _IONBF. */
  mode: number;
  /** Bytes printed and not yet written (output streams). */
  pending: Uint8Array[];
  pendingLength: number;
  /** Bytes read and not yet consumed (input streams): input[inputStart, inputEnd). */
  input: Uint8Array;
  inputStart: number;
  inputEnd: number;
  eof: boolean;
}

function openStream(fd: number, mode: number): FILE {
  return {
    fd,
    mode,
    pending: [],
    pendingLength: 0,
    input: new Uint8Array(BUFSIZ),
    inputStart: 0,
    inputEnd: 0,
    eof: false,
  };
}

/**
 * The three standard streams, buffered as glibc buffers them: stdout by line on a terminal
 * and fully otherwise (a pipe, a file) until setvbuf says otherwise; stderr not at all.
 */
export const stdin: FILE = openStream(0, isatty(0) ? _IOLBF : _IOFBF);
export const stdout: FILE = openStream(1, isatty(1) ? _IOLBF : _IOFBF);
export const stderr: FILE = openStream(2, _IONBF);

/** A blocking pause of `ms` milliseconds of this thread (no event loop involved). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True for the error a read or write on a non-blocking descriptor gives when it would block. */
function wouldBlock(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'EAGAIN';
}

/** write(2) all of `bytes`, as stdio does: again after a short write or an EAGAIN. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      // A descriptor inherited in non-blocking mode (Node makes its own pipes so): wait.
      if (!wouldBlock(e)) throw e;
      pause(1);
    }
  }
}

/**
 * `int setvbuf(FILE *stream, char *buf, int mode, size_t size);` — setvbuf(3)
 *
 * Sets the buffering mode of `stream` (_IOFBF, _IOLBF, _IONBF). `buf` must be null (stdio
 * allocates the buffer) and `size` is ignored, as glibc ignores it when `buf` is NULL.
 * Returns 0, or nonzero for an unknown mode.
 */
export function setvbuf(stream: FILE, buf: null, mode: number, size: number): number {
  void buf;
  void size;
  if (mode !== _IOFBF && mode !== _IOLBF && mode !== _IONBF) return EOF;
  fflush(stream);
  stream.mode = mode;
  return 0;
}

/**
 * `int fflush(FILE *stream);` — fflush(3): writes what `stream` holds; `fflush(null)`
 * flushes stdout and stderr. Returns 0.
 */
export function fflush(stream: FILE | null): number {
  if (stream === null) {
    fflush(stdout);
    return fflush(stderr);
  }
  if (stream.pendingLength > 0) {
    const bytes =
      stream.pending.length === 1
        ? stream.pending[0]
        : Buffer.concat(stream.pending, stream.pendingLength);
    stream.pending = [];
    stream.pendingLength = 0;
    writeAll(stream.fd, bytes);
  }
  return 0;
}

/**
 * Adds `bytes` to an output stream and writes what its mode says must go now: everything
 * (_IONBF), everything up to the last '\n' (_IOLBF, what glibc does), or the buffer when
 * it is full (_IOFBF). What stays is lost if the process is killed, as in C.
 */
function fwriteBytes(stream: FILE, bytes: Uint8Array): void {
  stream.pending.push(bytes);
  stream.pendingLength += bytes.length;
  if (stream.mode === _IONBF) {
    fflush(stream);
  } else if (stream.mode === _IOLBF) {
    const newline = bytes.lastIndexOf(0x0a);
    if (newline >= 0) {
      const rest = bytes.subarray(newline + 1);
      stream.pending[stream.pending.length - 1] = bytes.subarray(0, newline + 1);
      stream.pendingLength -= rest.length;
      fflush(stream);
      if (rest.length > 0) fwriteBytes(stream, rest);
    } else if (stream.pendingLength >= BUFSIZ) {
      fflush(stream);
    }
  } else if (stream.pendingLength >= BUFSIZ) {
    fflush(stream);
  }
}

/** `%m`'s text: strerror(errno). */
function strerror_errno(): string {
  return strerror(get_errno());
}

/**
 * `int printf(const char *format, ...);` — printf(3), on stdout. Returns the byte count.
 *
 * C's conversions, flags, widths, precisions and length modifiers (see src/libc/format.ts):
 * `%d %i %u %o %x %X %c %s %p %f %e %g %m %%`, `%-5s`, `%08.3f`, `%*d`, `%hhu`, `%lld`…
 * `%s` takes a JS string or a NUL-terminated Uint8Array (printed byte for byte, up to its
 * NUL). A missing argument or one of the wrong type is a TypeError (in C, undefined).
 */
export function printf(format: string | Uint8Array, ...args: printf_arg[]): number {
  return fprintf(stdout, format, ...args);
}

/** `int fprintf(FILE *stream, const char *format, ...);` — printf(3), on `stream`. */
export function fprintf(stream: FILE, format: string | Uint8Array, ...args: printf_arg[]): number {
  const bytes = format_bytes(format, args, strerror_errno);
  fwriteBytes(stream, bytes);
  return bytes.length;
}

/**
 * `int snprintf(char *str, size_t size, const char *format, ...);` — printf(3)
 *
 * Writes at most `size - 1` bytes into `str` and a terminating NUL; returns the length the
 * whole text has (more than `size - 1` when it was truncated), as C does. `str` may be
 * null when `size` is 0 (C's way of measuring). A `size` beyond `str` is a RangeError.
 */
export function snprintf(
  str: Uint8Array | null,
  size: number,
  format: string | Uint8Array,
  ...args: printf_arg[]
): number {
  const bytes = format_bytes(format, args, strerror_errno);
  if (size > 0) {
    if (str === null || size > str.length) {
      throw new RangeError(`snprintf: size ${size} is beyond str (${str?.length ?? 0} bytes)`);
    }
    const n = Math.min(bytes.length, size - 1);
    str.set(bytes.subarray(0, n));
    str[n] = 0;
  }
  return bytes.length;
}

const NEWLINE = Uint8Array.of(0x0a);

/** `int puts(const char *s);` — writes `s` and a '\n' on stdout. puts(3). Returns 1. */
export function puts(s: c_string): number {
  const bytes = c_string_bytes(s);
  const line = new Uint8Array(bytes.length + 1);
  line.set(bytes);
  line[bytes.length] = 0x0a;
  fwriteBytes(stdout, line);
  return 1;
}

/** `int fputs(const char *s, FILE *stream);` — writes `s` (no '\n'). puts(3). Returns 1. */
export function fputs(s: c_string, stream: FILE): number {
  fwriteBytes(stream, c_string_bytes(s));
  return 1;
}

/** `int fputc(int c, FILE *stream);` — writes the byte `c`; returns it. putc(3). */
export function fputc(c: number, stream: FILE): number {
  const byte = c & 0xff;
  fwriteBytes(stream, byte === 0x0a ? NEWLINE : Uint8Array.of(byte));
  return byte;
}

/** `int putchar(int c);` — `fputc(c, stdout)`. */
export function putchar(c: number): number {
  return fputc(c, stdout);
}

/**
 * Fills an input stream's buffer with one read(2) of up to BUFSIZ bytes; false at end of
 * file. Like glibc, reading from a terminal first writes what a line-buffered stdout holds.
 */
function refill(stream: FILE): boolean {
  if (stream.eof) return false;
  if (stream.mode !== _IOFBF && stdout.mode === _IOLBF) fflush(stdout);
  for (;;) {
    try {
      const n = fs.readSync(stream.fd, stream.input, 0, stream.input.length, null);
      stream.inputStart = 0;
      stream.inputEnd = n;
      if (n === 0) stream.eof = true;
      return n > 0;
    } catch (e) {
      // A descriptor inherited in non-blocking mode: wait for data as a blocking read does.
      if (!wouldBlock(e)) throw e;
      pause(10);
    }
  }
}

/**
 * `char *fgets(char *s, int size, FILE *stream);` — fgets(3)
 *
 * Reads one line (its '\n' included) or `size - 1` bytes, whichever comes first, into `s`
 * with a terminating NUL; returns `s`, or null at end of file when nothing was read.
 * Blocks (a synchronous read(2) on the descriptor), as in C. A `size` beyond `s` is a
 * RangeError.
 */
export function fgets(s: Uint8Array, size: number, stream: FILE): Uint8Array | null {
  if (size > s.length) {
    throw new RangeError(`fgets: size ${size} is beyond s (${s.length} bytes)`);
  }
  let n = 0;
  while (n < size - 1) {
    if (stream.inputStart === stream.inputEnd && !refill(stream)) break;
    const c = stream.input[stream.inputStart++];
    s[n++] = c;
    if (c === 0x0a) break;
  }
  if (n === 0) return null;
  s[n] = 0;
  return s;
}

/* ------------------------------------------------------------------ <stdlib.h> */

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;

/**
 * `void exit(int status);` — exit(3): writes what stdout and stderr hold (C's exit
 * flushes the stdio buffers) and ends the process with `status`.
 */
export function exit(status: number): never {
  fflush(stdout);
  fflush(stderr);
  process.exit(status);
}

/**
 * `int atoi(const char *nptr);` — atoi(3), as glibc computes it: `(int) strtol(nptr, NULL,
 * 10)`. Leading white space and a sign are accepted, digits are read up to the first
 * other character ("3000abc" is 3000, "abc" is 0), a value beyond the range of long is
 * clamped to it, and the conversion to int keeps the low 32 bits.
 */
export function atoi(nptr: c_string): number {
  const text = Buffer.from(c_string_bytes(nptr)).toString('latin1');
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text);
  const digits = match?.[2] ?? '';
  if (digits === '') return 0;
  let value = BigInt(digits);
  if (match?.[1] === '-') value = -value;
  const LONG_MAX = (1n << 63n) - 1n;
  const LONG_MIN = -(1n << 63n);
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return Number(BigInt.asIntN(32, value));
}

/* ------------------------------------------------------------------ <string.h> */

/**
 * `size_t strlen(const char *s);` — strlen(3): the bytes of `s` before its first NUL (all
 * of them if it has none: C would read past the array, this stops at its end). A JS
 * string counts its UTF-8 bytes, as a C literal does.
 */
export function strlen(s: Uint8Array | string): number {
  if (typeof s === 'string') return Buffer.byteLength(s, 'utf8');
  const nul = s.indexOf(0);
  return nul === -1 ? s.length : nul;
}

/**
 * `int strcmp(const char *s1, const char *s2);` — strcmp(3): compares the bytes (as
 * unsigned char) up to the first NUL; returns their difference where they first differ,
 * 0 when equal. Takes JS strings (UTF-8) or char arrays.
 */
export function strcmp(s1: Exclude<c_string, null>, s2: Exclude<c_string, null>): number {
  return strncmp(s1, s2, Infinity);
}

/** `int strncmp(const char *s1, const char *s2, size_t n);` — at most `n` bytes. */
export function strncmp(
  s1: Exclude<c_string, null>,
  s2: Exclude<c_string, null>,
  n: number,
): number {
  const a = c_string_bytes(s1);
  const b = c_string_bytes(s2);
  const end = Math.min(n, Math.max(a.length, b.length) + 1);
  for (let i = 0; i < end; i++) {
    const x = i < a.length ? a[i] : 0;
    const y = i < b.length ? b[i] : 0;
    if (x !== y || x === 0) return x - y;
  }
  return 0;
}

export { bzero, memset } from '../struct/zero'; // a byte array or a struct: src/struct/zero.ts

/**
 * `void *memcpy(void *dest, const void *src, size_t n);` — memcpy(3): copies the first `n`
 * bytes of `src` to `dest` (overlapping arrays are copied as memmove does). Returns `dest`.
 */
export function memcpy(dest: Uint8Array, src: Uint8Array, n: number): Uint8Array {
  if (n > dest.length || n > src.length) {
    throw new RangeError(
      `memcpy: n ${n} is beyond dest (${dest.length} bytes) or src (${src.length} bytes)`,
    );
  }
  dest.set(src.subarray(0, n));
  return dest;
}

/**
 * The C declaration `char name[] = "…";`: a char array holding the bytes of `init` (UTF-8)
 * and the terminating NUL, so `strlen(name) + 1` counts the NUL as in C. `char_array(n)`
 * is `char name[n];` (zeroed, as a static array is).
 */
export function char_array(init: string | number): Uint8Array {
  if (typeof init === 'number') return new Uint8Array(init);
  const bytes = Buffer.from(init, 'utf8');
  const array = new Uint8Array(bytes.length + 1);
  array.set(bytes);
  return array;
}

/* ------------------------------------------------------------------ <ctype.h> */

/**
 * `int toupper(int c);` — toupper(3) in the "C" locale (no setlocale): 'a'–'z' become
 * 'A'–'Z', every other byte is returned as it is.
 */
export function toupper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

/** `int tolower(int c);` — tolower(3) in the "C" locale. */
export function tolower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/* ------------------------------------------------------------------ <unistd.h> */

/**
 * `unsigned int sleep(unsigned int seconds);` — sleep(3): blocks the thread for `seconds`
 * (Atomics.wait, not an event-loop timer: nothing else runs meanwhile, as in C). Returns 0.
 */
export function sleep(seconds: number): number {
  pause(seconds * 1000);
  return 0;
}

/* ------------------------------------------------------------------ <malloc.h> */

const allocator = native as unknown as { malloc_trim(pad: number): number };

/**
 * `int malloc_trim(size_t pad);` — malloc_trim(3), glibc: gives the free memory of every
 * malloc arena back to the system, but `pad` bytes at the top of the main one. Returns 1 if
 * some was given back, 0 if none. A Node program that ends threads needs it where a C
 * program does not: each Worker is a whole JavaScript engine, and what an ended Worker
 * freed stays in its thread's arena (course/multiclient/serveur_threads.ts calls it when
 * its pool has shrunk).
 */
export function malloc_trim(pad: number): number {
  return allocator.malloc_trim(check.uint(pad, 'malloc_trim', 'pad', Number.MAX_SAFE_INTEGER));
}

/* ------------------------------------------------------------------ the C runtime */

/**
 * What the C runtime does around `main` (glibc's __libc_start_main): calls it with argc
 * and argv, then `exit(main(argc, argv))`. `argv[0]` is the path the program was started
 * as: for `node dist/client.js localhost 3000` the script's path (Node makes it absolute),
 * then "localhost", "3000".
 */
export function libc_start_main(main: (argc: number, argv: string[]) => number): never {
  const argv = process.argv.slice(1);
  exit(main(argv.length, argv));
}
