/**
 * struct pollfd: one entry of poll's array.
 *
 * ```
 * struct pollfd (8 bytes)            offset  size
 *   int    fd                           0      4   a negative fd is skipped (revents 0)
 *   short  events                       4      2   POLLIN | POLLOUT | POLLPRI…
 *   short  revents                      6      2   written by the kernel
 * ```
 * (the numbers are Linux x86-64's; the code reads them from `layout.pollfd`.) The array is
 * `nfds` such structs end to end, in host byte order. Before a call the entries' `fd` and
 * `events` are written into such an array (`revents` 0, as the kernel ignores it); after
 * it, each `revents` is read back into the caller's object, as the kernel writes it into
 * the C array. See poll(2).
 */
import * as fs from 'node:fs';

import * as check from '../args';
import { pollfd as PFD } from '../layout';
import { isLittleEndian as host } from '../byteorder';
import { sloppy } from './store';

/** struct pollfd { int fd; short events; short revents; } */
export interface pollfd {
  fd: number;
  events: number;
  revents: number;
}

/** The bytes of an encoded array, and a DataView on them. */
export interface PollfdArray {
  bytes: Uint8Array;
  view: DataView;
}

/**
 * The array of the last call, kept to be reused: taken by a call (a getter that makes
 * another poll call meanwhile gets an array of its own) and given back by release().
 */
let spare: PollfdArray | null = null;

function take(count: number): PollfdArray {
  const size = count * PFD.size;
  const kept = spare;
  if (kept && kept.bytes.byteLength >= size) {
    spare = null;
    return kept;
  }
  const buffer = new ArrayBuffer(Math.max(size, 64 * PFD.size));
  return { bytes: new Uint8Array(buffer), view: new DataView(buffer) };
}

/** Gives an array back for the next call. */
export function release(array: PollfdArray): void {
  spare = array;
}

/** Beyond 2^20 entries, the kernel's default cap on RLIMIT_NOFILE (fs.nr_open). */
const MANY = 1 << 20;

/** This process's RLIMIT_NOFILE soft limit (read only for arrays of more than 2^20). */
function nofileLimit(): number {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (soft) return soft[1] === 'unlimited' ? Infinity : Number(soft[1]);
  } catch {
    // no /proc: the default cap
  }
  return MANY;
}

/**
 * Writes the first `count` entries of `fds` into an array of struct pollfd (returned;
 * release() it after the call). `fd` is any int (a negative one is skipped by the kernel),
 * `events` a short. Checks are TypeError/RangeError naming `fn`.
 *
 * The kernel refuses more entries than RLIMIT_NOFILE with EINVAL, and such a call is made
 * as in C; but a sparse `new Array(2 ** 32 - 1)` would first take 32 GiB here, so more
 * entries than any RLIMIT_NOFILE allows is a RangeError instead.
 */
export function encode_pollfds(fds: readonly unknown[], count: number, fn: string): PollfdArray {
  if (count > MANY) {
    const max = Math.max(MANY, nofileLimit());
    if (count > max) {
      throw new RangeError(
        `${fn}: fds.length (${count}) exceeds ${max}, more than any RLIMIT_NOFILE allows`,
      );
    }
  }
  const array = take(count);
  const view = array.view;
  try {
    for (let i = 0, at = 0; i < count; i++, at += PFD.size) {
      const item = fds[i];
      if (item === null || typeof item !== 'object') {
        throw new TypeError(
          `${fn}: fds[${i}] must be a struct pollfd { fd, events, revents }, got ${check.describe(item)}`,
        );
      }
      const entry = item as Record<string, unknown>;
      const fd = check.int(entry.fd, fn, `fds[${i}].fd`);
      const events = check.int(entry.events, fn, `fds[${i}].events`);
      if (events < -32768 || events > 32767) {
        throw new RangeError(`${fn}: fds[${i}].events must fit a short, got ${events}`);
      }
      view.setInt32(at + PFD.fd.offset, fd, host);
      view.setInt16(at + PFD.events.offset, events, host);
      view.setInt16(at + PFD.revents.offset, 0, host);
    }
  } catch (error) {
    release(array);
    throw error;
  }
  return array;
}

/** `fds[i].revents = revents`, stored as every store into the caller's objects (./store.ts). */
const storeRevents = sloppy(['t', 'revents'], 't.revents = revents;') as (
  t: object,
  revents: number,
) => void;

/**
 * Reads each entry's `revents` back into the caller's objects, as the kernel wrote it into
 * the C array. An entry replaced since the call by something that is not an object is
 * not written.
 */
export function decode_revents(fds: readonly unknown[], count: number, array: PollfdArray): void {
  const view = array.view;
  for (let i = 0, at = PFD.revents.offset; i < count; i++, at += PFD.size) {
    const item = fds[i];
    if (item !== null && typeof item === 'object') {
      storeRevents(item, view.getInt16(at, host));
    }
  }
}
