/**
 * Error text: strerror, perror, and the error a failing call throws.
 */
import * as fs from 'node:fs';

import * as check from './args';
import { gai_strerror } from './c/addrinfo';
import * as c from './c/strerror';
import { isErrnoError } from './errno';
import { get_errno, set_errno } from './scratch';
export { ErrnoError, isErrnoError } from './errno';
export { strerror } from './c/strerror';

/**
 * `void perror(const char *s);` — perror(3)
 *
 * Prints `s: <strerror(errno)>` on stderr, with the C library's own perror, for the
 * program's errno: what the last call of this package left in it, failed or not, as in C —
 * so after a failed bind, `perror('bind')` prints exactly what C prints:
 * `bind: Address already in use`. `perror('bind', err)` prints the caught error's errno
 * instead (errno itself unchanged); for an `EAI_*` error it prints its gai_strerror text,
 * which C programs print with gai_strerror.
 */
export function perror(s?: string | null, err?: unknown): void {
  if (err === undefined) {
    c.perror(s);
    return;
  }
  if (!isErrnoError(err)) {
    throw new TypeError('perror: err must be an error thrown by a bsd-sockets call');
  }
  if (err.code.startsWith('EAI_')) {
    const prefix =
      s === null || s === undefined || s === '' ? '' : `${check.string(s, 'perror', 's')}: `;
    fs.writeSync(2, `${prefix}${gai_strerror(err.errno)}\n`);
    return;
  }
  const saved = get_errno();
  set_errno(err.errno);
  try {
    c.perror(s);
  } finally {
    set_errno(saved);
  }
}
