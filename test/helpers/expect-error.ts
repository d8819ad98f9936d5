/**
 * Assertions on what a call throws: the errno error of a failed C call, the EAI_* error of
 * getaddrinfo/getnameinfo, or the TypeError/RangeError of a bad argument.
 */
import { expect } from 'vitest';

import * as api from '../../src/index';
import { gai_strerror, isErrnoError, strerror, type ErrnoError } from '../../src/index';

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error(`expected the call to throw, it returned normally: ${call.toString()}`);
}

/**
 * The call fails as C does: errno is the constant named `code` (from the system headers),
 * `syscall` the C function, and the message the C library's strerror text.
 */
export function expectErrno(call: () => unknown, code: string, syscall: string): ErrnoError {
  return expectCallError(call, code, syscall, strerror);
}

/** getaddrinfo/getnameinfo fail with the EAI_* value C returns and gai_strerror's text. */
export function expectGaiError(call: () => unknown, code: string, fn: string): ErrnoError {
  return expectCallError(call, code, fn, gai_strerror);
}

function expectCallError(
  call: () => unknown,
  code: string,
  syscall: string,
  text: (value: number) => string,
): ErrnoError {
  const error = thrownBy(call);
  expect(isErrnoError(error), `not an errno error: ${String(error)}`).toBe(true);
  const failure = error as ErrnoError;
  expect(failure.code).toBe(code);
  expect(failure.errno).toBe((api as unknown as Record<string, number>)[code]);
  expect(failure.syscall).toBe(syscall);
  expect(failure.message).toBe(`${syscall}: ${text(failure.errno)}`);
  return failure;
}

/** A bad argument: the error class, and a message that starts with the function's name. */
export function expectArgError(
  call: () => unknown,
  kind: typeof TypeError | typeof RangeError,
  fn: string,
  message: RegExp,
): void {
  const error = thrownBy(call);
  expect(error).toBeInstanceOf(kind);
  // A RangeError is not a TypeError and vice versa: the class tells which mistake it was.
  expect((error as Error).constructor).toBe(kind);
  expect((error as Error).message.startsWith(`${fn}: `), (error as Error).message).toBe(true);
  expect((error as Error).message).toMatch(message);
}
