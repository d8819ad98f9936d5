/**
 * Error text: strerror, perror, and the error a failing call throws.
 */
import * as fs from 'node:fs';

import { native } from './binding';

/**
 * What a failing call throws (an `Error`): `errno` is the C value, `code` its name
 * (`'EADDRINUSE'`), `syscall` the C function (`'bind'`), and `message` is
 * `"bind: Address already in use"`, the C library's strerror text. getaddrinfo and
 * getnameinfo failures have an `EAI_*` code and gai_strerror's text.
 */
export interface ErrnoError extends Error {
  errno: number;
  code: string;
  syscall: string;
}

/** True when `e` is an error thrown by a failing call of this package. */
export function isErrnoError(e: unknown): e is ErrnoError {
  return (
    e instanceof Error &&
    typeof (e as ErrnoError).errno === 'number' &&
    typeof (e as ErrnoError).code === 'string' &&
    typeof (e as ErrnoError).syscall === 'string'
  );
}

/** `char *strerror(int errnum);` — strerror(3) */
export const strerror: (errnum: number) => string = native.strerror;

/**
 * `void perror(const char *s);` — perror(3)
 *
 * Prints `s: <strerror(errno)>` on stderr, with the C library's own perror, for the errno
 * of the last call of this package that failed on this thread — so after a failed bind,
 * `perror('bind')` prints exactly what C prints: `bind: Address already in use`.
 * `perror('bind', err)` prints the caught error's errno instead; for an `EAI_*` error it
 * prints its gai_strerror text, which C programs print with gai_strerror.
 */
export function perror(s?: string | null, err?: unknown): void {
  if (err === undefined) {
    native.perror(s);
    return;
  }
  if (!isErrnoError(err)) {
    throw new TypeError('perror: err must be an error thrown by a bsd-sockets call');
  }
  if (err.code.startsWith('EAI_')) {
    const prefix = s ? `${s}: ` : '';
    fs.writeSync(2, `${prefix}${native.gai_strerror(err.errno)}\n`);
    return;
  }
  native.perror(s, err.errno);
}
