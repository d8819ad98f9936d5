/**
 * <stdio.h>: streams on fds 0, 1 and 2, buffered as glibc 2.36 buffers them, so that a port
 * makes C's write(2) calls, in number, size and content.
 *
 * What is modelled (glibc's libio, fileops.c and genops.c), and why:
 * - The buffer is an array of its own, allocated at the stream's first use: st_blksize bytes
 *   of the fd (4096 for a pipe or a file, 1024 for a terminal), at most BUFSIZ (8192), as
 *   _IO_file_doallocate sizes it; an unbuffered stream has glibc's one-byte buffer. What a
 *   program prints is copied into it at the call, as C copies it: a program that prints a
 *   char array and then reuses it prints what the array held at each call.
 * - _IO_new_file_xsputn (fputs, printf's pieces, puts' text): copy what fits; when more
 *   comes, write the full buffer, write the whole blocks of the rest directly, and keep the
 *   remainder. A line-buffered stream writes through the last '\n' of a piece that fits.
 * - _IO_new_file_overflow and putc (fputc, putchar, puts' '\n'): a line-buffered stream
 *   writes at each '\n', an unbuffered one at each byte.
 * - printf hands the stream its pieces one by one, as vfprintf does (format.ts's
 *   format_pieces); on an unbuffered stream it formats into an 8192-byte buffer first
 *   (buffered_vfprintf), so that `fprintf(stderr, …)` is one write(2).
 * - Reading: one read(2) of the buffer's size at a time; reading a line-buffered or an
 *   unbuffered stream first writes what a line-buffered stdout holds (_IO_new_file_underflow).
 *
 * Where this differs from glibc, because Node differs from a C process:
 * - EAGAIN: a descriptor Node left non-blocking (its own pipes) is waited on, where a
 *   blocking C descriptor would have waited in write(2) or read(2).
 * - EPIPE: Node ignores SIGPIPE, so the write to a closed pipe that kills a C program fails
 *   here; it is thrown (an Error with code 'EPIPE'), not recorded, so that the program does
 *   not print on unseen. Every other write or read error sets errno and the stream's error
 *   flag (ferror), and the call returns EOF, as in C.
 */
import * as fs from 'node:fs';
import { isatty } from 'node:tty';

import { get_errno, set_errno } from '../scratch';
import { strerror } from '../c/strerror';
import { c_string_bytes, format_bytes, format_pieces } from './format';
import type { c_string, printf_arg } from './format';
import { char_code } from './string';

/** setvbuf's modes, with glibc's values: full, line, and no buffering. */
export const _IOFBF = 0;
export const _IOLBF = 1;
export const _IONBF = 2;

/** glibc's BUFSIZ: the largest stdio buffer, and `char buf[BUFSIZ]`'s size in a C program. */
export const BUFSIZ = 8192;

/** What the input functions return at end of file, and the output functions on error. */
export const EOF = -1;

/** What buffered_vfprintf formats into on an unbuffered stream (`char buf[BUFSIZ]`). */
const UNBUFFERED_PRINTF_CHUNK = 8192;

/**
 * FILE: a stdio stream on a file descriptor. Its fields are glibc's, by their role: the
 * buffer, where the bytes to write end (writePtr), where putc must call overflow
 * (writeEnd: the buffer's end when fully buffered, its start otherwise), what was read and
 * not consumed (buffer[readPtr, readEnd)), and the end-of-file and error indicators.
 */
export interface FILE {
  readonly fd: number;
  /** _IOFBF, _IOLBF or _IONBF. */
  mode: number;
  buffer: Uint8Array | null;
  writePtr: number;
  writeEnd: number;
  /** glibc's _IO_CURRENTLY_PUTTING: the stream has been set up for output. */
  putting: boolean;
  readPtr: number;
  readEnd: number;
  eof: boolean;
  error: boolean;
}

function openStream(fd: number, mode: number): FILE {
  return {
    fd,
    mode,
    buffer: null,
    writePtr: 0,
    writeEnd: 0,
    putting: false,
    readPtr: 0,
    readEnd: 0,
    eof: false,
    error: false,
  };
}

/**
 * The three standard streams, buffered as glibc buffers them: stdin and stdout by line on
 * a terminal and fully otherwise (a pipe, a file) until setvbuf says otherwise; stderr not
 * at all.
 */
export const stdin: FILE = openStream(0, isatty(0) ? _IOLBF : _IOFBF);
export const stdout: FILE = openStream(1, isatty(1) ? _IOLBF : _IOFBF);
export const stderr: FILE = openStream(2, _IONBF);

/** A blocking pause of `ms` milliseconds of this thread (no event loop involved). */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The errno of a failed fs call (EIO when it has none). */
function errnoOf(e: unknown): number {
  const errno = (e as NodeJS.ErrnoException).errno;
  return typeof errno === 'number' ? -errno : 5;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** _IO_file_doallocate: st_blksize bytes, at most BUFSIZ (BUFSIZ when fstat fails). */
function allocate(stream: FILE): Uint8Array {
  if (stream.buffer !== null) return stream.buffer;
  let size = BUFSIZ;
  if (stream.mode === _IONBF) {
    size = 1;
  } else {
    try {
      const blksize = fs.fstatSync(stream.fd).blksize;
      if (blksize > 0 && blksize < BUFSIZ) size = blksize;
    } catch {
      // as glibc: a failed fstat leaves BUFSIZ
    }
  }
  stream.buffer = new Uint8Array(size);
  return stream.buffer;
}

/**
 * new_do_write: write(2) `bytes` until all are written or a call fails (the stream's error
 * flag then), and reset the output pointers, as glibc does in both cases. Returns the count
 * written.
 */
function newDoWrite(stream: FILE, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(stream.fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      // A descriptor inherited in non-blocking mode (Node makes its own pipes so): wait.
      if (code(e) === 'EAGAIN') {
        pause(1);
        continue;
      }
      if (code(e) === 'EPIPE') throw e;
      set_errno(errnoOf(e));
      stream.error = true;
      break;
    }
  }
  stream.writePtr = 0;
  stream.writeEnd = stream.mode === _IOFBF && stream.buffer !== null ? stream.buffer.length : 0;
  return offset;
}

/** _IO_do_write of the buffer's pending bytes: 0, or EOF when not all were written. */
function doFlush(stream: FILE): number {
  const pending = stream.writePtr;
  if (pending === 0 || stream.buffer === null) return 0;
  return newDoWrite(stream, stream.buffer.subarray(0, pending)) === pending ? 0 : EOF;
}

/** _IO_new_file_overflow: sets the stream up for output, then flushes (EOF) or stores `ch`. */
function overflow(stream: FILE, ch: number): number {
  const buffer = allocate(stream);
  if (!stream.putting) {
    stream.putting = true;
    stream.writePtr = 0;
    stream.writeEnd = stream.mode === _IOFBF ? buffer.length : 0;
  }
  if (ch === EOF) return doFlush(stream);
  if (stream.writePtr === buffer.length && doFlush(stream) === EOF) return EOF;
  buffer[stream.writePtr++] = ch;
  if (stream.mode === _IONBF || (stream.mode === _IOLBF && ch === 0x0a)) {
    if (doFlush(stream) === EOF) return EOF;
  }
  return ch;
}

/** _IO_putc_unlocked. */
function putc(ch: number, stream: FILE): number {
  if (stream.writePtr >= stream.writeEnd || stream.buffer === null) return overflow(stream, ch);
  stream.buffer[stream.writePtr++] = ch;
  return ch;
}

/** _IO_default_xsputn: copies while there is room, overflow for each byte beyond. */
function defaultXsputn(stream: FILE, s: Uint8Array): number {
  let more = s.length;
  let p = 0;
  for (;;) {
    if (stream.buffer !== null && stream.writePtr < stream.writeEnd) {
      const count = Math.min(stream.writeEnd - stream.writePtr, more);
      stream.buffer.set(s.subarray(p, p + count), stream.writePtr);
      stream.writePtr += count;
      p += count;
      more -= count;
    }
    if (more === 0 || overflow(stream, s[p++]) === EOF) break;
    more--;
  }
  return s.length - more;
}

/** _IO_new_file_xsputn: `s` into the stream (copied); returns the count taken. */
function xsputn(stream: FILE, s: Uint8Array): number {
  const n = s.length;
  if (n === 0) return 0;
  let toDo = n;
  let mustFlush = false;
  let count = 0;
  if (stream.mode === _IOLBF && stream.putting && stream.buffer !== null) {
    count = stream.buffer.length - stream.writePtr;
    if (count >= n) {
      const newline = s.lastIndexOf(0x0a);
      if (newline >= 0) {
        count = newline + 1;
        mustFlush = true;
      }
    }
  } else if (stream.writeEnd > stream.writePtr) {
    count = stream.writeEnd - stream.writePtr;
  }
  let p = 0;
  if (count > 0 && stream.buffer !== null) {
    if (count > toDo) count = toDo;
    stream.buffer.set(s.subarray(0, count), stream.writePtr);
    stream.writePtr += count;
    p = count;
    toDo -= count;
  }
  if (toDo > 0 || mustFlush) {
    if (overflow(stream, EOF) === EOF) return toDo === 0 ? EOF : n - toDo;
    // Whole blocks go straight to write(2), as glibc keeps the file's alignment.
    const blockSize = allocate(stream).length;
    const direct = toDo - (blockSize >= 128 ? toDo % blockSize : 0);
    if (direct > 0) {
      const written = newDoWrite(stream, s.subarray(p, p + direct));
      toDo -= written;
      if (written < direct) return n - toDo;
    }
    if (toDo > 0) toDo -= defaultXsputn(stream, s.subarray(p + direct, p + direct + toDo));
  }
  return n - toDo;
}

/**
 * `int setvbuf(FILE *stream, char *buf, int mode, size_t size);` — setvbuf(3)
 *
 * Sets the buffering mode of `stream` (_IOFBF, _IOLBF, _IONBF), as glibc's _IO_setvbuf:
 * _IOFBF allocates the buffer now; _IONBF writes what the stream holds first. `buf` must
 * be null (stdio allocates the buffer) and `size` is ignored, as glibc ignores it when
 * `buf` is NULL. Returns 0, or nonzero for an unknown mode.
 */
export function setvbuf(stream: FILE, buf: null, mode: number, size: number): number {
  void buf;
  void size;
  switch (mode) {
    case _IOFBF:
      stream.mode = _IOFBF;
      allocate(stream);
      return 0;
    case _IOLBF:
      stream.mode = _IOLBF;
      return 0;
    case _IONBF:
      if (fflush(stream) === EOF) return EOF;
      stream.mode = _IONBF;
      stream.buffer = new Uint8Array(1);
      stream.writePtr = 0;
      stream.writeEnd = 0;
      stream.readPtr = 0;
      stream.readEnd = 0;
      return 0;
    default:
      return EOF;
  }
}

/**
 * `int fflush(FILE *stream);` — fflush(3): writes what `stream` holds; `fflush(null)`
 * flushes every stream. Returns 0, or EOF when a write failed (errno says why).
 */
export function fflush(stream: FILE | null): number {
  if (stream === null) {
    const a = fflush(stdout);
    const b = fflush(stderr);
    return a === EOF || b === EOF ? EOF : 0;
  }
  return stream.putting ? doFlush(stream) : 0;
}

/** `int ferror(FILE *stream);` — ferror(3): nonzero once a read or write on it failed. */
export function ferror(stream: FILE): number {
  return stream.error ? 1 : 0;
}

/** `int feof(FILE *stream);` — feof(3): nonzero once a read met the end of the file. */
export function feof(stream: FILE): number {
  return stream.eof ? 1 : 0;
}

/** `void clearerr(FILE *stream);` — clearerr(3): clears the end-of-file and error flags. */
export function clearerr(stream: FILE): void {
  stream.eof = false;
  stream.error = false;
}

/** `int fileno(FILE *stream);` — fileno(3): the stream's file descriptor. */
export function fileno(stream: FILE): number {
  return stream.fd;
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
 * NUL, as it holds them at the call). A missing argument or one of the wrong type is a
 * TypeError (in C, undefined).
 */
export function printf(format: string | Uint8Array, ...args: printf_arg[]): number {
  return fprintf(stdout, format, ...args);
}

/** `int fprintf(FILE *stream, const char *format, ...);` — printf(3), on `stream`. */
export function fprintf(stream: FILE, format: string | Uint8Array, ...args: printf_arg[]): number {
  if (stream.mode === _IONBF) {
    const bytes = format_bytes(format, args, strerror_errno);
    for (let at = 0; at < bytes.length; at += UNBUFFERED_PRINTF_CHUNK) {
      const chunk = bytes.subarray(at, at + UNBUFFERED_PRINTF_CHUNK);
      if (xsputn(stream, chunk) !== chunk.length) return EOF;
    }
    return bytes.length;
  }
  let done = 0;
  for (const piece of format_pieces(format, args, strerror_errno)) {
    if (xsputn(stream, piece) !== piece.length) return EOF;
    done += piece.length;
  }
  return done;
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

/**
 * `int puts(const char *s);` — `s` then '\n' on stdout. puts(3). Returns what glibc's
 * returns, the bytes written (strlen(s) + 1), or EOF.
 */
export function puts(s: c_string): number {
  const bytes = c_string_bytes(s);
  if (xsputn(stdout, bytes) !== bytes.length || putc(0x0a, stdout) === EOF) return EOF;
  return Math.min(bytes.length + 1, 0x7fffffff);
}

/** `int fputs(const char *s, FILE *stream);` — `s` (no '\n'). puts(3). Returns 1, or EOF. */
export function fputs(s: c_string, stream: FILE): number {
  const bytes = c_string_bytes(s);
  return xsputn(stream, bytes) === bytes.length ? 1 : EOF;
}

/**
 * `int fputc(int c, FILE *stream);` — writes the byte `c` (a number, or a one-character
 * string: `fputc('\n', f)` as in C); returns it, or EOF. putc(3).
 */
export function fputc(c: number | string, stream: FILE): number {
  return putc(char_code(c, 'fputc'), stream);
}

/** `int putchar(int c);` — `fputc(c, stdout)`. */
export function putchar(c: number | string): number {
  return fputc(c, stdout);
}

/**
 * `size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream);` — fwrite(3):
 * the first `size * nmemb` bytes of `ptr`; returns the count of whole items taken. A count
 * beyond `ptr` is a RangeError, where C would read past the array.
 */
export function fwrite(ptr: Uint8Array, size: number, nmemb: number, stream: FILE): number {
  const total = size * nmemb;
  if (total > ptr.length) {
    throw new RangeError(`fwrite: ${size} * ${nmemb} bytes is beyond ptr (${ptr.length} bytes)`);
  }
  if (total === 0) return 0;
  const written = xsputn(stream, ptr.subarray(0, total));
  return written === total ? nmemb : Math.floor(Math.max(written, 0) / size);
}

/**
 * _IO_new_file_underflow: one read(2) of the buffer's size; false at end of file or on
 * error (errno and the error flag then). Like glibc, reading a line-buffered or unbuffered
 * stream first writes what a line-buffered stdout holds.
 */
function underflow(stream: FILE): boolean {
  if (stream.eof) return false;
  const buffer = allocate(stream);
  if (stream.mode !== _IOFBF && stdout.mode === _IOLBF) overflow(stdout, EOF);
  for (;;) {
    try {
      const n = fs.readSync(stream.fd, buffer, 0, buffer.length, null);
      stream.readPtr = 0;
      stream.readEnd = n;
      if (n === 0) stream.eof = true;
      return n > 0;
    } catch (e) {
      // A descriptor inherited in non-blocking mode: wait for data as a blocking read does.
      if (code(e) === 'EAGAIN') {
        pause(10);
        continue;
      }
      set_errno(errnoOf(e));
      stream.error = true;
      return false;
    }
  }
}

/**
 * `char *fgets(char *s, int size, FILE *stream);` — fgets(3)
 *
 * Reads one line (its '\n' included) or `size - 1` bytes, whichever comes first, into `s`
 * with a terminating NUL; returns `s`, or null at end of file when nothing was read (or on
 * a read error). `size` 1 stores only the NUL, as glibc does. Blocks (a synchronous read(2)
 * on the descriptor), as in C. A `size` beyond `s` is a RangeError.
 */
export function fgets(s: Uint8Array, size: number, stream: FILE): Uint8Array | null {
  if (size > s.length) {
    throw new RangeError(`fgets: size ${size} is beyond s (${s.length} bytes)`);
  }
  if (size <= 0) return null;
  if (size === 1) {
    s[0] = 0;
    return s;
  }
  // As glibc: only an error of this call makes it return NULL; the flag stays set.
  const oldError = stream.error;
  stream.error = false;
  let n = 0;
  while (n < size - 1) {
    if (stream.readPtr === stream.readEnd && !underflow(stream)) break;
    const buffer = stream.buffer as Uint8Array;
    const c = buffer[stream.readPtr++];
    s[n++] = c;
    if (c === 0x0a) break;
  }
  const failed = stream.error;
  stream.error ||= oldError;
  if (n === 0 || failed) return null;
  s[n] = 0;
  return s;
}

/**
 * `int fgetc(FILE *stream);` — fgetc(3): the next byte as an unsigned char, or EOF. A
 * `getchar()` is `fgetc(stdin)`.
 */
export function fgetc(stream: FILE): number {
  if (stream.readPtr === stream.readEnd && !underflow(stream)) return EOF;
  return (stream.buffer as Uint8Array)[stream.readPtr++];
}

/** `int getchar(void);` — `fgetc(stdin)`. */
export function getchar(): number {
  return fgetc(stdin);
}
