// Output arguments that cannot be written (frozen boxes and structs) through bsd-sockets/c:
// every store into the caller's objects is a sloppy-mode store (src/struct/store.ts), as
// the address stores always were: the call returns what the kernel answered and the frozen
// object is left as it is, where a strict store would throw a TypeError after the system
// call had been made. A setter still receives the value.
import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/index';
import type { msghdr } from '../../src/struct/msghdr';
import { OpenSockets } from '../helpers/addresses';

const {
  AF_UNIX,
  POLLOUT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  SO_RCVTIMEO,
  SO_TYPE,
  MSG_TRUNC,
} = c;

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('getsockopt', () => {
  it('a frozen int box is left as it is; optlen still says 4', () => {
    const [fd] = sockets.pair(AF_UNIX, SOCK_STREAM);
    const type = Object.freeze({ value: -1 });
    const len = { value: 4 };
    expect(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, type, len)).toBe(0);
    expect(type).toEqual({ value: -1 });
    expect(len).toEqual({ value: 4 });
  });

  it('a frozen optlen is left as it is; the bytes are still filled', () => {
    const [fd] = sockets.pair(AF_UNIX, SOCK_DGRAM);
    const bytes = new Uint8Array(8).fill(0xee);
    const len = Object.freeze({ value: 8 });
    expect(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, bytes, len)).toBe(0);
    expect(len).toEqual({ value: 8 });
    expect(new DataView(bytes.buffer).getInt32(0, true)).toBe(SOCK_DGRAM);
    expect([...bytes.subarray(4)]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });

  it('frozen timeval and linger structs are left as they are; unfrozen ones are filled', () => {
    const [fd] = sockets.pair(AF_UNIX, SOCK_STREAM);
    expect(c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 2, tv_usec: 500_000 })).toBe(0);
    expect(c.setsockopt(fd, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 7 })).toBe(0);
    const frozenTv = Object.freeze({ tv_sec: 9, tv_usec: 9 });
    const frozenLg = Object.freeze({ l_onoff: 9, l_linger: 9 });
    expect(c.getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, frozenTv, { value: 16 })).toBe(0);
    expect(c.getsockopt(fd, SOL_SOCKET, SO_LINGER, frozenLg, { value: 8 })).toBe(0);
    expect(frozenTv).toEqual({ tv_sec: 9, tv_usec: 9 });
    expect(frozenLg).toEqual({ l_onoff: 9, l_linger: 9 });
    const tv = { tv_sec: 0, tv_usec: 0 };
    const lg = { l_onoff: 0, l_linger: 0 };
    expect(c.getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, { value: 16 })).toBe(0);
    expect(c.getsockopt(fd, SOL_SOCKET, SO_LINGER, lg, { value: 8 })).toBe(0);
    expect(tv).toEqual({ tv_sec: 2, tv_usec: 500_000 });
    expect(lg).toEqual({ l_onoff: 1, l_linger: 7 });
  });

  it('a setter of the box receives the value, and what it throws propagates', () => {
    const [fd] = sockets.pair(AF_UNIX, SOCK_STREAM);
    /** An int box `{ value }` whose stores go to `set`. */
    const boxWith = (set: (v: number) => void) =>
      Object.defineProperty({}, 'value', { get: () => 0, set, enumerable: true }) as {
        value: number;
      };
    const seen: number[] = [];
    expect(
      c.getsockopt(
        fd,
        SOL_SOCKET,
        SO_TYPE,
        boxWith((v) => seen.push(v)),
        { value: 4 },
      ),
    ).toBe(0);
    expect(seen).toEqual([SOCK_STREAM]);
    const throwing = boxWith(() => {
      throw new Error('setter refused');
    });
    expect(() => c.getsockopt(fd, SOL_SOCKET, SO_TYPE, throwing, { value: 4 })).toThrow(
      'setter refused',
    );
  });
});

describe('select, poll, recvmsg', () => {
  it('select: a frozen timeout is left as it is (an unfrozen one gets the time left)', () => {
    const timeout = Object.freeze({ tv_sec: 0, tv_usec: 1000 });
    expect(c.select(0, null, null, null, timeout)).toBe(0);
    expect(timeout).toEqual({ tv_sec: 0, tv_usec: 1000 });
    const left = { tv_sec: 0, tv_usec: 1000 };
    expect(c.select(0, null, null, null, left)).toBe(0);
    expect(left).toEqual({ tv_sec: 0, tv_usec: 0 });
  });

  it('poll: a frozen pollfd keeps its revents; the others are written', () => {
    const [a, b] = sockets.pair(AF_UNIX, SOCK_STREAM);
    const frozen = Object.freeze({ fd: a, events: POLLOUT, revents: 0 });
    const open = { fd: b, events: POLLOUT, revents: 0 };
    expect(c.poll([frozen, open], 2, 0)).toBe(2);
    expect(frozen.revents).toBe(0);
    expect(open.revents).toBe(POLLOUT);
  });

  it('recvmsg: a frozen msghdr keeps its fields; the data still lands in its iov', () => {
    const [a, b] = sockets.pair(AF_UNIX, SOCK_DGRAM);
    expect(c.send(a, 'hello', 5, 0)).toBe(5);
    const data = new Uint8Array(4);
    const msg: msghdr = Object.freeze({
      msg_iov: [{ iov_base: data, iov_len: 4 }],
      msg_controllen: 0,
      msg_flags: -1,
    });
    expect(c.recvmsg(b, msg, 0)).toBe(4);
    expect(Buffer.from(data).toString()).toBe('hell');
    expect(msg.msg_flags).toBe(-1);
    expect(msg.msg_namelen).toBeUndefined();
    expect(c.send(a, 'hello', 5, 0)).toBe(5);
    const open: msghdr = { msg_iov: [{ iov_base: data, iov_len: 4 }], msg_flags: -1 };
    expect(c.recvmsg(b, open, 0)).toBe(4);
    expect(open.msg_flags).toBe(MSG_TRUNC);
    expect(open.msg_controllen).toBe(0);
  });
});
