/**
 * The C library functions the course's TypeScript ports call besides the socket API, with
 * their C names and C behaviour, so that a port reads like its C original and prints the
 * same bytes:
 *   <stdio.h>  stdin, stdout, stderr, setvbuf, fflush, puts, fputs, printf, fprintf,
 *              snprintf, fgets
 *   <stdlib.h> exit, atoi, EXIT_SUCCESS, EXIT_FAILURE
 *   <string.h> strlen, strcmp (and char_array for `char s[] = "…";`)
 *   <ctype.h>  toupper
 *   <unistd.h> sleep
 *   <errno.h>  errno (and failed, C's "-1 and errno" for a call that threw)
 * plus libc_start_main, what the C runtime does around main.
 *
 * Strings are bytes, as in C: a `char` array is a Uint8Array ended by a NUL byte. Text given
 * as a JS string is written in UTF-8, as the C compiler stores the literals of a UTF-8
 * source file ("reçu" is 5 bytes in both).
 *
 * Everything is synchronous (fs.readSync / fs.writeSync on fds 0, 1 and 2, Atomics.wait for
 * sleep): a port never waits on the event loop, so it runs, blocks and prints as its C
 * original does, and what it printed is written before exit() returns to the system.
 */
import * as fs from 'node:fs';
import { isatty } from 'node:tty';

import { EAI_SYSTEM, isErrnoError } from 'bsd-sockets';

/* ------------------------------------------------------------------ <stdio.h> */

/** setvbuf's modes, with glibc's values: full, line, and no buffering. */
export const _IOFBF = 0;
export const _IOLBF = 1;
export const _IONBF = 2;

/** glibc's stdio buffer size (st_blksize of a pipe or a file). */
const BUFSIZ = 4096;

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
 * Returns 0.
 */
export function setvbuf(stream: FILE, buf: null, mode: number, size: number): number {
  void buf;
  void size;
  fflush(stream);
  stream.mode = mode;
  return 0;
}

/** `int fflush(FILE *stream);` — writes what `stream` holds. fflush(3). Returns 0. */
export function fflush(stream: FILE): number {
  if (stream.pendingLength > 0) {
    const bytes = Buffer.concat(stream.pending, stream.pendingLength);
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

/** What a `%s` argument may be: a JS string, a NUL-terminated char array, or NULL. */
export type c_string = string | Uint8Array | null;

/** The bytes of a C string argument: up to its NUL for a char array, "(null)" as glibc. */
function bytesOf(s: c_string): Uint8Array {
  if (s === null) return Buffer.from('(null)');
  if (typeof s === 'string') return Buffer.from(s, 'utf8');
  return s.subarray(0, strlen(s));
}

/** The arguments printf's conversions read: %d %i %u %c take numbers, %s a C string. */
export type printf_arg = number | c_string;

/**
 * The bytes printf would write for `format` and `args`. Conversions: %d %i %u %c %s %%,
 * with the flags '-', '0', '+' and ' ', a field width and a precision, as C applies them
 * (widths count bytes). That is all the course uses; any other conversion throws.
 */
function format_bytes(format: string, args: printf_arg[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const conversion = /%([-0 +]*)(\d*)(?:\.(\d+))?([diucs%])?/y;
  let argIndex = 0;
  let last = 0;
  for (let percent = format.indexOf('%'); percent !== -1; percent = format.indexOf('%', last)) {
    parts.push(Buffer.from(format.slice(last, percent), 'utf8'));
    conversion.lastIndex = percent;
    const match = conversion.exec(format);
    if (match === null || match[4] === undefined) {
      throw new TypeError(`printf: unsupported conversion at ${percent} in "${format}"`);
    }
    const [whole, flags, width, precision, specifier] = match;
    last = percent + whole.length;
    if (specifier === '%') {
      parts.push(Buffer.from('%'));
      continue;
    }
    if (argIndex >= args.length) throw new TypeError(`printf: no argument for ${whole}`);
    const arg = args[argIndex++];
    const fieldWidth = width === '' ? 0 : Number(width);
    let body: Uint8Array;
    if (specifier === 's') {
      if (typeof arg === 'number') throw new TypeError(`printf: ${whole} needs a string`);
      body = bytesOf(arg);
      if (precision !== undefined) body = body.subarray(0, Number(precision));
    } else if (typeof arg !== 'number') {
      throw new TypeError(`printf: ${whole} needs a number`);
    } else if (specifier === 'c') {
      body = Uint8Array.of(arg & 0xff);
    } else {
      // int arithmetic: %d of a number is its value converted to int (or unsigned for %u).
      const value = specifier === 'u' ? Math.trunc(arg) >>> 0 : Math.trunc(arg) | 0;
      let digits = String(Math.abs(value));
      if (precision !== undefined) digits = digits.padStart(Number(precision), '0');
      const sign = value < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      if (flags.includes('0') && !flags.includes('-') && precision === undefined) {
        digits = digits.padStart(fieldWidth - sign.length, '0');
      }
      body = Buffer.from(sign + digits);
    }
    if (body.length < fieldWidth) {
      const padding = Buffer.alloc(fieldWidth - body.length, ' ');
      body = flags.includes('-') ? Buffer.concat([body, padding]) : Buffer.concat([padding, body]);
    }
    parts.push(body);
  }
  parts.push(Buffer.from(format.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * `int printf(const char *format, ...);` — printf(3), on stdout. Returns the byte count.
 * Conversions: %d %i %u %c %s %% with '-', '0', width and precision; `%s` takes a JS
 * string or a NUL-terminated Uint8Array (printed byte for byte).
 */
export function printf(format: string, ...args: printf_arg[]): number {
  return fprintf(stdout, format, ...args);
}

/** `int fprintf(FILE *stream, const char *format, ...);` — printf(3), on `stream`. */
export function fprintf(stream: FILE, format: string, ...args: printf_arg[]): number {
  const bytes = format_bytes(format, args);
  fwriteBytes(stream, bytes);
  return bytes.length;
}

/**
 * `int snprintf(char *str, size_t size, const char *format, ...);` — printf(3)
 *
 * Writes at most `size - 1` bytes into `str` and a terminating NUL; returns the length the
 * whole text has (more than `size - 1` when it was truncated), as C does.
 */
export function snprintf(
  str: Uint8Array,
  size: number,
  format: string,
  ...args: printf_arg[]
): number {
  const bytes = format_bytes(format, args);
  if (size > 0) {
    const n = Math.min(bytes.length, size - 1, str.length - 1);
    str.set(bytes.subarray(0, n));
    str[n] = 0;
  }
  return bytes.length;
}

/** `int puts(const char *s);` — writes `s` and a '\n' on stdout. puts(3). Returns 1. */
export function puts(s: c_string): number {
  fwriteBytes(stdout, Buffer.concat([bytesOf(s), Buffer.from('\n')]));
  return 1;
}

/** `int fputs(const char *s, FILE *stream);` — writes `s` (no '\n'). puts(3). Returns 1. */
export function fputs(s: c_string, stream: FILE): number {
  fwriteBytes(stream, bytesOf(s));
  return 1;
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
 * Blocks (a synchronous read(2) on the descriptor), as in C.
 */
export function fgets(s: Uint8Array, size: number, stream: FILE): Uint8Array | null {
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
 * `void exit(int status);` — exit(3): writes what stdout holds (C's exit flushes the stdio
 * buffers) and ends the process with `status`.
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
export function atoi(nptr: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(nptr);
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
 * of them if it has none: C would read past the array, this stops at its end).
 */
export function strlen(s: Uint8Array): number {
  const nul = s.indexOf(0);
  return nul === -1 ? s.length : nul;
}

/** `int strcmp(const char *s1, const char *s2);` — strcmp(3), byte by byte (UTF-8). */
export function strcmp(s1: string, s2: string): number {
  return Buffer.compare(Buffer.from(s1, 'utf8'), Buffer.from(s2, 'utf8'));
}

/**
 * The C declaration `char name[] = "…";`: a char array holding the bytes of `init` (UTF-8)
 * and the terminating NUL, so `strlen(name) + 1` counts the NUL as in C.
 */
export function char_array(init: string): Uint8Array {
  const bytes = Buffer.from(init, 'utf8');
  const array = new Uint8Array(bytes.length + 1);
  array.set(bytes);
  return array;
}

/* ------------------------------------------------------------------ <ctype.h> */

/**
 * `int toupper(int c);` — toupper(3) in the "C" locale (the course programs never call
 * setlocale): 'a'–'z' become 'A'–'Z', every other byte is returned as it is.
 */
export function toupper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
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

/* ------------------------------------------------------------------ <errno.h> */

/**
 * `extern int errno;` — the error of the last call that failed, as a port records it with
 * `failed(e)` (0 until then, as in C at the start of main). A live binding: read it after
 * the failure, as in C.
 */
export let errno = 0;

/**
 * What a C call does when it fails, for a bsd-sockets call that threw `e`: sets `errno`
 * to the error's errno and returns -1, the C return value. For the ports whose C code
 * tests the value a call returns rather than only -1:
 * ```ts
 * try {
 *   ret = read(sock, buf, buf.length - 1);
 * } catch (e) {
 *   ret = failed(e); // -1, et errno
 * }
 * if (ret <= 0) printf('read=%d: %s\n', ret, strerror(errno));
 * ```
 * Anything else than a failed call (a TypeError: a bug of the port) is thrown again.
 */
export function failed(e: unknown): -1 {
  if (!isErrnoError(e)) throw e;
  errno = e.errno;
  return -1;
}

/**
 * What getaddrinfo returns in C when the bsd-sockets getaddrinfo threw `e`: its EAI_*
 * code (the error's errno), or EAI_SYSTEM with `errno` set for a system error (which the
 * binding throws as an errno error). For `gai_strerror(ret)`, as in C:
 * ```ts
 * try {
 *   result = getaddrinfo(argv[1], argv[2], hints);
 * } catch (e) {
 *   ret = gai_failed(e); // le code EAI_* que le C reçoit
 *   fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(ret));
 * ```
 */
export function gai_failed(e: unknown): number {
  if (!isErrnoError(e)) throw e;
  if (e.code.startsWith('EAI_')) return e.errno;
  errno = e.errno;
  return EAI_SYSTEM;
}

/* ------------------------------------------------------------------ the C runtime */

/**
 * What the C runtime does around `main` (glibc's __libc_start_main): calls it with argc
 * and argv, then `exit(main(argc, argv))`. `argv[0]` is the path the program was started
 * as: for `node dist/course/…/client_ipv4.js localhost 3000` the script's path (Node
 * makes it absolute), then "localhost", "3000".
 */
export function libc_start_main(main: (argc: number, argv: string[]) => number): never {
  const argv = process.argv.slice(1);
  exit(main(argv.length, argv));
}
