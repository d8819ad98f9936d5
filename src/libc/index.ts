/**
 * bsd-sockets/libc: the C library functions a socket program calls besides the socket API,
 * with their C names and C behaviour, so that a port reads like its C original and prints
 * the same bytes, in the same write(2) calls:
 *
 *   <stdio.h>  stdin, stdout, stderr, setvbuf, fflush, printf, fprintf, snprintf, puts,
 *              fputs, putchar, fputc, fwrite, fgets, fgetc, getchar, perror, ferror,
 *              feof, clearerr, fileno (src/libc/stdio.ts: glibc's buffering)
 *   <stdlib.h> exit, atoi, strtol, getenv, EXIT_SUCCESS, EXIT_FAILURE
 *   <string.h> strlen, strcmp, strncmp, memset, memcpy, memcmp, strcpy, strncpy, strcat,
 *              strncat, strchr, strrchr, strstr, strerror, and char_array for
 *              `char s[] = "…";` (src/libc/string.ts: what returns a char * returns a view)
 *   <time.h>   time, ctime
 *   <ctype.h>  toupper, tolower
 *   <unistd.h> sleep
 *   <malloc.h> malloc_trim (glibc)
 *
 * plus the C runtime around `main`: a script that exports `main` has it called, as C's
 * runtime calls it, and exits with its status (libc_start_main).
 *
 * ```ts
 * import { AF_INET, SOCK_DGRAM, socket } from 'bsd-sockets/c';
 * import { exit, perror, printf } from 'bsd-sockets/libc';
 *
 * export function main(argc: number, argv: string[]): number {
 *   let s: number;
 *   if ((s = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
 *     perror('socket');
 *     exit(1);
 *   }
 *   printf('socket %d\n', s);
 *   return 0;
 * }
 * ```
 *
 * Strings are bytes, as in C: a `char` array is a Uint8Array ended by a NUL byte. Text given
 * as a JS string is written in UTF-8, as the C compiler stores the literals of a UTF-8
 * source file ("reçu" is 5 bytes in both).
 *
 * Everything is synchronous (read(2) and write(2) on fds 0, 1 and 2, Atomics.wait for
 * sleep): a program never waits on the event loop, so it runs, blocks and prints as its C
 * original does. stdout is buffered as glibc buffers it (by line on a terminal, fully
 * otherwise, until setvbuf says otherwise), in a buffer of its own that what is printed is
 * copied into, in the same write(2) calls as C; `exit` and `libc_start_main` flush it, as C's
 * exit does. Output left in the buffer when the process ends another way (process.exit,
 * an uncaught exception, a signal) is lost, as in C.
 */
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

import * as check from '../args';
import { native } from '../binding';
import { c_string_bytes } from './format';
import type { c_string } from './format';
import { set_errno } from '../scratch';
import { fflush, pause, stderr, stdout } from './stdio';

const EINVAL = 22;
const ERANGE = 34;

export type { c_string, printf_arg } from './format';

/**
 * `void perror(const char *s);` — perror(3): `s: ` and strerror(errno) on stderr, by the C
 * library's own perror, for the errno the last call of the package left (live, as in C).
 * `char *strerror(int errnum);` — strerror(3).
 */
export { perror, strerror } from '../c/strerror';

/* ------------------------------------------------------------------ <stdio.h> */

export {
  _IOFBF,
  _IOLBF,
  _IONBF,
  BUFSIZ,
  EOF,
  clearerr,
  feof,
  ferror,
  fflush,
  fgetc,
  fgets,
  fileno,
  fprintf,
  fputc,
  fputs,
  fwrite,
  getchar,
  printf,
  putchar,
  puts,
  setvbuf,
  snprintf,
  stderr,
  stdin,
  stdout,
} from './stdio';
export type { FILE } from './stdio';

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

/**
 * `long strtol(const char *nptr, char **endptr, int base);` — strtol(3), as glibc: white
 * space, a sign, a `0x` prefix (base 16 or 0) or `0` (base 0: octal), digits of `base` (2
 * to 36, or 0) up to the first other byte; clamped to LONG_MIN/LONG_MAX with errno ERANGE.
 * `endptr.value` (C's `&end`) is set to a view of `nptr` from the first byte not read (all
 * of `nptr` when no digit was). A bigint beyond 2^53 comes back as the nearest number.
 */
export function strtol(
  nptr: Exclude<c_string, null>,
  endptr: { value: Uint8Array | null } | null,
  base: number,
): number {
  const bytes = typeof nptr === 'string' ? Buffer.from(`${nptr}\0`, 'utf8') : nptr;
  const text = Buffer.from(c_string_bytes(nptr)).toString('latin1');
  if (base !== 0 && (base < 2 || base > 36)) {
    set_errno(EINVAL);
    if (endptr !== null) endptr.value = bytes;
    return 0;
  }
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let radix = base;
  const hexPrefix = /^0[xX][0-9a-fA-F]/.test(text.slice(i, i + 3));
  if ((radix === 0 || radix === 16) && hexPrefix) {
    radix = 16;
    i += 2;
  } else if (radix === 0) {
    radix = text[i] === '0' ? 8 : 10;
  }
  let value = 0n;
  const start = i;
  for (; i < text.length; i++) {
    const digit = parseInt(text[i], 36);
    if (Number.isNaN(digit) || digit >= radix) break;
    value = value * BigInt(radix) + BigInt(digit);
  }
  if (endptr !== null) endptr.value = bytes.subarray(i === start ? 0 : i);
  if (negative) value = -value;
  const LONG_MAX = (1n << 63n) - 1n;
  const LONG_MIN = -(1n << 63n);
  if (value > LONG_MAX || value < LONG_MIN) {
    set_errno(ERANGE);
    value = value > LONG_MAX ? LONG_MAX : LONG_MIN;
  }
  return Number(value);
}

/**
 * `char *getenv(const char *name);` — getenv(3): the value of `name` in the environment,
 * as a char array (its bytes and a NUL), or null when it is not set. The environment is
 * the process's, as C's environ is at start (and as `setenv`-like changes to process.env
 * leave it).
 */
export function getenv(name: Exclude<c_string, null>): Uint8Array | null {
  const key = Buffer.from(c_string_bytes(name)).toString('utf8');
  if (key === '' || key.includes('=')) return null;
  const value = process.env[key];
  return value === undefined ? null : char_array(value);
}

/* ------------------------------------------------------------------ <string.h> */

export { memcmp, strcat, strchr, strcpy, strncat, strncpy, strrchr, strstr } from './string';

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

/* ------------------------------------------------------------------ <time.h> */

export { ctime, time } from './time';
export type { time_t_box } from './time';

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
 * The `main` a program hands the C runtime: `int main(int argc, char **argv)`; or an async
 * one (a program on bsd-sockets/promises), whose status is the value it resolves to.
 */
export type main_function = (argc: number, argv: string[]) => number | void;
export type async_main_function = (argc: number, argv: string[]) => Promise<number | void>;

let started = false;

/**
 * What the C runtime does around `main` (glibc's __libc_start_main): calls it with argc
 * and argv, then `exit(main(argc, argv))`, which flushes stdout and ends the process with
 * that status (as C, its low 8 bits; a main that returns nothing returns 0, as C99's main
 * that reaches its `}`). An async main is awaited first; if it rejects, the process ends
 * as on an uncaught exception (status 1, stdout's buffer lost, as in a C program that
 * aborts). `argv[0]` is the path the program was started as: for `node dist/client.js
 * localhost 3000` the script's path (Node makes it absolute), then "localhost", "3000".
 *
 * A port rarely calls it: a program whose script exports its main,
 * `export function main(argc: number, argv: string[]): number {` (the twin of C's
 * `int main(int argc, char **argv) {`), is started so once the script has loaded, as a C
 * program's main is called by the runtime (see the end of this file).
 */
export function libc_start_main(main: async_main_function): Promise<never>;
export function libc_start_main(main: main_function): never;
export function libc_start_main(main: main_function | async_main_function): Promise<never> | never {
  started = true;
  const argv = process.argv.slice(1);
  const status = main(argv.length, argv);
  if (status instanceof Promise) return status.then((value) => exit(value ?? 0));
  exit(status ?? 0);
}

/**
 * The C runtime's start, for a program run as `node program.js …` whose script exports a
 * function `main`: once the script has loaded (the next tick), `libc_start_main(main)`.
 * Only the script Node was started with (process.argv[1]) counts, CommonJS or ES module,
 * and only on the main thread; nothing happens when it exports no `main`, or when it called
 * libc_start_main itself.
 */
process.nextTick(() => {
  // A Worker's libc is not the program's runtime: its thread runs what it was given.
  if (started || !isMainThread) return;
  const entry = require.main;
  // Deno gives null, not undefined, where no CommonJS module is the main one.
  if (entry !== undefined && entry !== null) {
    const exported = (entry.exports as { main?: unknown }).main;
    if (typeof exported === 'function') void libc_start_main(exported as main_function);
    return;
  }
  const script = process.argv[1];
  if (script === undefined || !/\.[cm]?[jt]s$/.test(script)) return;
  import(pathToFileURL(script).href).then(
    (namespace: { main?: unknown }) => {
      if (!started && typeof namespace.main === 'function') {
        void libc_start_main(namespace.main as main_function);
      }
    },
    () => undefined,
  );
});
