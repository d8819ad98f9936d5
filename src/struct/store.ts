/**
 * The stores into the caller's objects: an output struct, a `{ value }` box. A C store
 * into a struct never fails, and the binding stores as sloppy-mode JavaScript does: a
 * frozen object or a read-only field ignores the store, a setter runs, and what a setter
 * throws propagates. Modules are strict, so these stores are compiled as sloppy functions
 * (a `new Function` body is sloppy). This module imports nothing.
 */
export type Store = (target: object, ...values: unknown[]) => void;

/** A sloppy function of `params` running `body`: the stores of one struct, in C's order. */
export const sloppy = (params: string[], body: string): Store =>
  new Function(...params, body) as Store;

/** `*box = value`: an int box, a `socklen_t` box, `struct addrinfo **res`. */
export const storeValue = sloppy(['t', 'value'], 't.value = value;') as (
  box: object,
  value: unknown,
) => void;

/** `t[key] = value`, one field of a struct. */
export const storeField = sloppy(['t', 'key', 'value'], 't[key] = value;') as (
  t: object,
  key: string,
  value: unknown,
) => void;
