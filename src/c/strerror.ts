/**
 * strerror, perror — in C's convention. `perror` prints the program's errno (the one every
 * call of the package leaves in the scratch memory, src/scratch.ts) with the C library's
 * own perror: after the same sequence of calls, its bytes on stderr are C's.
 */
import { native } from '../binding';
import * as check from '../args';
import { returnedText } from './text';

const call = native as unknown as {
  strerror(errnum: number, buf: Uint8Array): number;
  perror(s: Uint8Array | null): void;
};

/** `char *strerror(int errnum);` — strerror(3): `"Unknown error 12345"` for an unknown one. */
export function strerror(errnum: number): string {
  const e = check.int(errnum, 'strerror', 'errnum');
  return returnedText((buf) => call.strerror(e, buf));
}

/**
 * `void perror(const char *s);` — perror(3)
 *
 * Prints `s: <strerror(errno)>` (or the text alone when `s` is null or empty) on stderr.
 * errno is left as it was, as C's perror leaves it.
 */
export function perror(s?: string | null): void {
  call.perror(check.optionalCstring(s, 'perror', 's'));
}
