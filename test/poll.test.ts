// poll(2): readiness of socketpair ends, revents written into the caller's objects,
// timeouts, ignored and closed fds, argument errors.
import * as fs from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_UNIX,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
  SOCK_STREAM,
  close,
  poll,
  socketpair,
  write,
  type pollfd,
} from '../src/index';
import { OpenSockets } from './helpers/addresses';
import { expectArgError, expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('poll', () => {
  it('reports a writable end at once and a readable one only after data arrives', () => {
    const [a, b] = sockets.pair();
    const fds: pollfd[] = [
      { fd: a, events: POLLIN, revents: 0 },
      { fd: b, events: POLLIN | POLLOUT, revents: 0 },
    ];
    const entries = [...fds];
    expect(poll(fds, 0)).toBe(1);
    expect(fds[0].revents).toBe(0);
    expect(fds[1].revents).toBe(POLLOUT);
    // The same objects were written, as the kernel writes the C array.
    expect(fds[0]).toBe(entries[0]);

    expect(write(b, Uint8Array.of(1, 2, 3), 3)).toBe(3);
    expect(poll(fds, 0)).toBe(2);
    expect(fds[0].revents).toBe(POLLIN);
    expect(fds[1].revents).toBe(POLLOUT);
  });

  it('waits for its timeout and returns 0 when nothing is ready', () => {
    const [a] = sockets.pair();
    const fds: pollfd[] = [{ fd: a, events: POLLIN, revents: 123 }];
    const started = performance.now();
    expect(poll(fds, 50)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(fds[0].revents).toBe(0);
  });

  it('ignores a negative fd (revents 0) and reports POLLNVAL for a closed one', () => {
    const [a] = sockets.pair();
    const [c, d] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    close(c);
    close(d);
    const fds: pollfd[] = [
      { fd: -1, events: POLLIN, revents: 7 },
      { fd: c, events: POLLIN, revents: 0 },
      { fd: a, events: POLLPRI, revents: 0 },
    ];
    expect(poll(fds, 0)).toBe(1);
    expect(fds.map((entry) => entry.revents)).toEqual([0, POLLNVAL, 0]);
  });

  it('reports POLLIN and POLLHUP when the peer has closed (AF_UNIX stream)', () => {
    const [a, b] = sockets.pair();
    sockets.close(b);
    const fds: pollfd[] = [{ fd: a, events: POLLIN, revents: 0 }];
    expect(poll(fds, 1000)).toBe(1);
    expect(fds[0].revents).toBe(POLLIN | POLLHUP);
  });

  it('sleeps with no entry at all, as poll(NULL, 0, ms) does in C', () => {
    const started = performance.now();
    expect(poll([], 30)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('fails with EINVAL when nfds exceeds RLIMIT_NOFILE', () => {
    // This process's soft limit, as getrlimit(RLIMIT_NOFILE) gives it.
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)![1]);
    const fds: pollfd[] = Array.from({ length: soft + 1 }, () => ({
      fd: -1,
      events: 0,
      revents: 0,
    }));
    expectErrno(() => poll(fds, 0), 'EINVAL', 'poll');
  });

  it('checks its arguments before the call', () => {
    const [a] = sockets.pair();
    expectArgError(() => poll({} as pollfd[], 0), TypeError, 'poll', /fds must be an array/);
    expectArgError(
      () => poll([3 as unknown as pollfd], 0),
      TypeError,
      'poll',
      /fds\[0\] must be a struct pollfd/,
    );
    expectArgError(
      () => poll([{ fd: a, events: 0x10000, revents: 0 }], 0),
      RangeError,
      'poll',
      /fds\[0\]\.events must fit a short/,
    );
    expectArgError(
      () => poll([{ fd: 1.5, events: POLLIN, revents: 0 }], 0),
      RangeError,
      'poll',
      /fds\[0\]\.fd/,
    );
    expectArgError(() => poll([], undefined as unknown as number), TypeError, 'poll', /timeout/);
  });
});
