/**
 * The course's C library: bsd-sockets/libc (src/libc), the package's public entry, plus
 * `failed`, for the ports that call bsd-sockets/promises (which rejects with an error
 * instead of returning -1).
 */
import { isErrnoError } from 'bsd-sockets';
import { EAI_SYSTEM, set_errno } from 'bsd-sockets/c';

export * from 'bsd-sockets/libc';

/**
 * What a C call does when it fails, for a promise call that rejected with `e`: sets errno
 * to the error's errno and returns -1, the C return value. Anything else than a failed
 * call (a TypeError: a bug of the port) is thrown again.
 */
export function failed(e: unknown): -1 {
  if (!isErrnoError(e)) throw e;
  set_errno(e.errno);
  return -1;
}

/**
 * What getaddrinfo returns in C when the throwing getaddrinfo of the root entry threw `e`:
 * its EAI_* code, or EAI_SYSTEM with errno set for a system error.
 */
export function gai_failed(e: unknown): number {
  if (!isErrnoError(e)) throw e;
  if (e.code.startsWith('EAI_')) return e.errno;
  set_errno(e.errno);
  return EAI_SYSTEM;
}
