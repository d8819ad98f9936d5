/**
 * Error text: strerror, perror, and the error a failing call throws.
 */
import * as fs from 'node:fs';

import { native } from './binding';

import { isErrnoError } from './errno';
export { ErrnoError, isErrnoError } from './errno';

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
