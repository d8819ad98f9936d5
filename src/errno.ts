/**
 * The two error conventions over the same calls.
 *
 * - `bsd-sockets/c` returns what C returns: -1 (or NULL, or an EAI_* code) and leaves the
 *   thread's `errno` in the scratch memory, where `errno` reads it (src/scratch.ts).
 * - The root entry throws where C returns -1: an `ErrnoError` with `errno`, `code` and
 *   `syscall`, Node's convention. It is the C call, then `checked(ret, 'bind')`.
 */
import { native } from './binding';
import { get_errno } from './scratch';

/**
 * What a failing call of the root entry throws: `errno` is the C value, `code` its name
 * (`'EADDRINUSE'`), `syscall` the C function (`'bind'`), and `message` is
 * `"bind: Address already in use"`, the C library's strerror text — what perror("bind")
 * prints. getaddrinfo and getnameinfo failures have an `EAI_*` code and gai_strerror's text.
 */
export class ErrnoError extends Error {
  errno: number;
  code: string;
  syscall: string;

  constructor(syscall: string, errno: number, code: string, message: string) {
    super(`${syscall}: ${message}`);
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
  }
}
Object.defineProperty(ErrnoError.prototype, 'name', { value: 'Error', configurable: true });

/** True when `e` is an error thrown by a failing call of this package. */
export function isErrnoError(e: unknown): e is ErrnoError {
  return (
    e instanceof Error &&
    typeof (e as ErrnoError).errno === 'number' &&
    typeof (e as ErrnoError).code === 'string' &&
    typeof (e as ErrnoError).syscall === 'string'
  );
}

/** The error for errno value `err` in the C function `syscall`. */
export function errnoError(syscall: string, err: number, caller?: Function): ErrnoError {
  const error = new ErrnoError(
    syscall,
    err,
    native.errno_names[err] ?? 'UNKNOWN',
    native.strerror(err),
  );
  if (caller) Error.captureStackTrace(error, caller);
  return error;
}

/** `ret`, or the errno error of `syscall` when `ret` is C's -1. */
export function checked(ret: number, syscall: string): number {
  if (ret === -1) throw errnoError(syscall, get_errno(), checked);
  return ret;
}
