/**
 * The two error conventions over the same calls.
 *
 * - `bsd-sockets/c` returns what C returns: -1 (or NULL, or an EAI_* code) and leaves the
 *   thread's `errno` in the scratch memory, where `errno` reads it (src/scratch.ts).
 * - The root entry throws where C returns -1: an `ErrnoError` with `errno`, `code` and
 *   `syscall`, Node's convention. It is the C call, then `checked(ret, 'bind')`.
 */
import { native } from './binding';
import { gai_strerror } from './c/addrinfo';
import { strerror } from './c/strerror';
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
export function errnoError(
  syscall: string,
  err: number,
  caller?: (...args: never[]) => unknown,
): ErrnoError {
  const error = new ErrnoError(syscall, err, native.errno_names[err] ?? 'UNKNOWN', strerror(err));
  if (caller) Error.captureStackTrace(error, caller);
  return error;
}

/** `ret`, or the errno error of `syscall` when `ret` is C's -1. */
export function checked(ret: number, syscall: string): number {
  if (ret === -1) throw errnoError(syscall, get_errno(), checked);
  return ret;
}

/** EAI_* value → name, from the system headers (native/constants.cc). */
const gaiNames: Record<number, string> = {};
for (const [name, value] of Object.entries(native.constants)) {
  if (name.startsWith('EAI_') && !(value in gaiNames)) gaiNames[value] = name;
}
const EAI_SYSTEM = native.constants.EAI_SYSTEM;

/**
 * The error for getaddrinfo/getnameinfo's return value `code` (EAI_*): `errno` is the code C
 * returned, `code` its name, the message gai_strerror's text. EAI_SYSTEM is the errno error
 * of the failure instead, as C programs print it with perror.
 */
export function gaiError(
  fn: string,
  code: number,
  caller?: (...args: never[]) => unknown,
): ErrnoError {
  if (code === EAI_SYSTEM) return errnoError(fn, get_errno(), caller ?? gaiError);
  const error = new ErrnoError(fn, code, gaiNames[code] ?? 'EAI_UNKNOWN', gai_strerror(code));
  Error.captureStackTrace(error, caller ?? gaiError);
  return error;
}

/** `ret`, or the EAI error of `fn` when `ret` is not 0 (getaddrinfo, getnameinfo). */
export function gaiChecked(ret: number, fn: string): number {
  if (ret !== 0) throw gaiError(fn, ret, gaiChecked);
  return ret;
}
