/**
 * What the promise API tests share: socket pairs closed after each test, the rejection of
 * a promise, and whether a promise is still pending after some time.
 */
import * as fs from 'node:fs';

import { AF_UNIX, SOCK_STREAM, socketpair } from '../../src/index';
import type { OpenSockets } from '../helpers/addresses';
import { expectErrno } from '../helpers/expect-error';

/** A connected AF_UNIX pair, both ends remembered by `sockets` for closing. */
export function pair(sockets: OpenSockets, type = SOCK_STREAM): [number, number] {
  const [a, b] = socketpair(AF_UNIX, type, 0);
  return [sockets.add(a), sockets.add(b)];
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** `promise` rejects with the errno error of `syscall` named `code` (see expectErrno). */
export async function expectRejectsErrno(
  promise: Promise<unknown>,
  code: string,
  syscall: string,
): Promise<void> {
  const error = await rejection(promise);
  expectErrno(
    () => {
      throw error;
    },
    code,
    syscall,
  );
}

/**
 * What `promise` settled with, or 'pending' if it has not after `ms` milliseconds (0: at
 * the next turn of the event loop, setImmediate).
 */
export async function settledWithin(promise: Promise<unknown>, ms = 0): Promise<unknown> {
  const later = new Promise((resolve) =>
    ms === 0 ? setImmediate(() => resolve('pending')) : setTimeout(() => resolve('pending'), ms),
  );
  return Promise.race([promise, later]);
}

/** EPOLLONESHOT, EPOLLET, EPOLLWAKEUP, EPOLLEXCLUSIVE: flags, not events waited for. */
const FLAG_BITS = 0x40000000 | 0x80000000 | 0x20000000 | 0x10000000;

/**
 * The fds the epoll sets of this process wait on now: registered and armed (see proc(5),
 * "tfd" and "events"). A registration that waits for nothing (its events are its flags
 * alone) is not counted.
 */
export function watchedFds(): Set<number> {
  const watched = new Set<number>();
  for (const name of fs.readdirSync('/proc/self/fd')) {
    let link: string;
    try {
      link = fs.readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // closed while listing (the readdir's own fd)
    }
    if (link !== 'anon_inode:[eventpoll]') continue;
    const info = fs.readFileSync(`/proc/self/fdinfo/${name}`, 'utf8');
    for (const match of info.matchAll(/^tfd:\s+(\d+)\s+events:\s+([0-9a-f]+)/gm)) {
      if ((parseInt(match[2], 16) & ~FLAG_BITS) !== 0) watched.add(Number(match[1]));
    }
  }
  return watched;
}
