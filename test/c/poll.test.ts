// poll through both entries (bsd-sockets/c: -1 and errno; root: ErrnoError), and the
// struct pollfd codec on byte fixtures at the offsets of src/layout.ts.
import * as fs from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { fcntl } from '../../src/c/fcntl';
import * as c from '../../src/c/poll';
import {
  EINVAL,
  F_GETFL,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  poll,
  write,
  type pollfd,
} from '../../src/index';
import { pollfd as PFD } from '../../src/layout';
import { get_errno, set_errno } from '../../src/scratch';
import { decode_revents, encode_pollfds, release } from '../../src/struct/pollfd';
import { OpenSockets } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
function hostHex(value: number, size: number): string {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 4) view.setInt32(0, value, little);
  else view.setInt16(0, value, little);
  return Buffer.from(view.buffer).toString('hex');
}

describe('struct pollfd codec (no socket)', () => {
  it('lies as layout.pollfd says: int fd, short events, short revents, end to end', () => {
    expect(PFD.fd.size).toBe(4);
    expect(PFD.events.size).toBe(2);
    expect(PFD.revents.size).toBe(2);
    const fds = [
      { fd: 7, events: POLLIN | POLLOUT, revents: 99 },
      { fd: -1, events: -1, revents: 5 },
    ];
    const array = encode_pollfds(fds, 2, 'test');
    for (const [i, entry] of fds.entries()) {
      const at = i * PFD.size;
      const field = (f: { offset: number; size: number }) =>
        hex(array.bytes.subarray(at + f.offset, at + f.offset + f.size));
      expect(field(PFD.fd)).toBe(hostHex(entry.fd, 4));
      expect(field(PFD.events)).toBe(hostHex(entry.events, 2));
      // revents goes in as 0: the kernel ignores it on input.
      expect(field(PFD.revents)).toBe('0000');
    }
    release(array);
  });

  it('reads each revents back into its object, as the kernel wrote it', () => {
    const fds: pollfd[] = [
      { fd: 3, events: POLLIN, revents: 0 },
      { fd: 4, events: POLLIN, revents: 0 },
    ];
    const array = encode_pollfds(fds, 2, 'test');
    array.view.setInt16(PFD.revents.offset, POLLNVAL, little);
    array.view.setInt16(PFD.size + PFD.revents.offset, POLLIN, little);
    decode_revents(fds, 2, array);
    release(array);
    expect(fds.map((entry) => entry.revents)).toEqual([POLLNVAL, POLLIN]);
    expect(fds[0].fd).toBe(3);
  });

  it('checks each entry', () => {
    expectArgError(
      () => encode_pollfds([null], 1, 'f'),
      TypeError,
      'f',
      /fds\[0\] must be a struct pollfd/,
    );
    expectArgError(
      () => encode_pollfds([{ fd: 0, events: 0x8000, revents: 0 }], 1, 'f'),
      RangeError,
      'f',
      /fds\[0\]\.events must fit a short, got 32768/,
    );
  });
});

describe('poll, bsd-sockets/c', () => {
  it('polls the first nfds entries only; the others keep their revents', () => {
    const [a, b] = sockets.pair();
    write(b, 'x', 1);
    const fds: pollfd[] = [
      { fd: a, events: POLLIN, revents: 0 },
      { fd: b, events: POLLOUT, revents: 42 },
    ];
    set_errno(0);
    expect(c.poll(fds, 1, 0)).toBe(1);
    expect(fds[0].revents).toBe(POLLIN);
    expect(fds[1].revents).toBe(42);
    expect(get_errno()).toBe(0);
    expect(c.poll(fds, 2, 0)).toBe(2);
    expect(fds[1].revents).toBe(POLLOUT);
  });

  it('poll(NULL, 0, ms) sleeps', () => {
    const started = performance.now();
    expect(c.poll(null, 0, 20)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('refuses nfds beyond the array: C would read past it', () => {
    expectArgError(
      () => c.poll([{ fd: -1, events: 0, revents: 0 }], 2, 0),
      RangeError,
      'poll',
      /nfds must be an integer in \[0, 1\], got 2/,
    );
  });

  it('EINVAL when nfds exceeds RLIMIT_NOFILE, through both entries', () => {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)![1]);
    const fds: pollfd[] = Array.from({ length: soft + 1 }, () => ({
      fd: -1,
      events: 0,
      revents: 3,
    }));
    expect(c.poll(fds, fds.length, 0)).toBe(-1);
    expect(get_errno()).toBe(EINVAL);
    // On failure no revents is written.
    expect(fds[0].revents).toBe(3);
    set_errno(0);
    expectErrno(() => poll(fds, 0), 'EINVAL', 'poll');
  });

  it('a revents setter that makes a failing call does not change the errno poll left', () => {
    const [a] = sockets.pair();
    let written = -1;
    const entry = {
      fd: a,
      events: POLLOUT,
      get revents(): number {
        return written;
      },
      set revents(value: number) {
        written = value;
        expect(fcntl(-1, F_GETFL)).toBe(-1); // EBADF
      },
    };
    set_errno(0);
    expect(c.poll([entry], 1, 0)).toBe(1);
    expect(written).toBe(POLLOUT);
    expect(get_errno()).toBe(0);
  });
});
