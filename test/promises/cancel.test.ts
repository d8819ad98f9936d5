// Cancelling a waiting call: an AbortSignal, or close() of its fd. The call is not made,
// the promise rejects with a clear error, and the fd leaves the watcher.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_UNIX,
  POLLIN,
  SOCK_DGRAM,
  SOCK_STREAM,
  recv as recvSync,
  socketpair,
  write as writeSync,
  type pollfd,
} from '../../src/index';
import * as promises from '../../src/promises/index';
import { OpenSockets } from '../helpers/addresses';
import { expectRejectsErrno, pair, rejection, settledWithin, watchedFds } from './helpers';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

function expectAbortError(error: unknown, cause: unknown): void {
  expect(error).toBeInstanceOf(promises.AbortError);
  expect((error as Error).name).toBe('AbortError');
  expect((error as { code: string }).code).toBe('ABORT_ERR');
  expect((error as Error).message).toBe('The operation was aborted');
  expect((error as Error).cause).toBe(cause);
}

describe('AbortSignal', () => {
  it('rejects a waiting recv with AbortError, unregisters the fd, and makes no call', async () => {
    const [a, b] = pair(sockets, SOCK_DGRAM);
    const controller = new AbortController();
    const pending = promises.recv(a, new Uint8Array(4), 4, 0, { signal: controller.signal });
    expect(watchedFds().has(a)).toBe(true);
    const reason = new Error('enough');
    controller.abort(reason);
    expectAbortError(await rejection(pending), reason);
    expect(watchedFds().has(a)).toBe(false);
    // The datagram sent now is still there for the next call: the aborted one never ran.
    writeSync(b, Uint8Array.of(77), 1);
    const buf = new Uint8Array(4);
    expect(recvSync(a, buf, 4, 0)).toBe(1);
    expect(buf[0]).toBe(77);
  });

  it('rejects at once, without registering, when the signal is already aborted', async () => {
    const [a] = pair(sockets);
    const signal = AbortSignal.abort('gone');
    const pending = promises.recv(a, new Uint8Array(4), 4, 0, { signal });
    expect(watchedFds().has(a)).toBe(false);
    expectAbortError(await rejection(pending), 'gone');
  });

  it('cancels only its own call: the next waiter in line gets the data', async () => {
    const [a, b] = pair(sockets, SOCK_DGRAM);
    const controller = new AbortController();
    const first = promises.recv(a, new Uint8Array(4), 4, 0, { signal: controller.signal });
    const secondBuf = new Uint8Array(4);
    const second = promises.recv(a, secondBuf, 4, 0);
    controller.abort();
    expect(await rejection(first)).toBeInstanceOf(promises.AbortError);
    writeSync(b, Uint8Array.of(5), 1);
    expect(await second).toBe(1);
    expect(secondBuf[0]).toBe(5);
    // Its call made, the fd stays armed for input (the next recv costs no epoll_ctl).
    expect(watchedFds().has(a)).toBe(true);
    // A datagram that finds nobody waiting takes it out, and no call is made for it.
    writeSync(b, Uint8Array.of(6), 1);
    for (let i = 0; i < 200 && watchedFds().has(a); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(watchedFds().has(a)).toBe(false);
    expect(recvSync(a, secondBuf, 4, 0)).toBe(1);
    expect(secondBuf[0]).toBe(6);
  });

  it('aborts a poll and its timer; a signal fired after the call settled does nothing', async () => {
    const [a, b] = pair(sockets);
    const controller = new AbortController();
    const fds: pollfd[] = [{ fd: a, events: POLLIN, revents: 0 }];
    const pending = promises.poll(fds, 60_000, { signal: controller.signal });
    controller.abort();
    expect(await rejection(pending)).toBeInstanceOf(promises.AbortError);
    expect(watchedFds().has(a)).toBe(false);

    const late = new AbortController();
    const done = promises.recv(a, new Uint8Array(4), 4, 0, { signal: late.signal });
    writeSync(b, Uint8Array.of(1), 1);
    expect(await done).toBe(1);
    late.abort();
  });

  it('keeps a poll on nothing pending until aborted', async () => {
    const controller = new AbortController();
    const pending = promises.poll([], -1, { signal: controller.signal });
    expect(await settledWithin(pending, 30)).toBe('pending');
    controller.abort();
    expect(await rejection(pending)).toBeInstanceOf(promises.AbortError);
  });
});

describe('close() while a call waits', () => {
  it('rejects every call waiting on the fd with EBADF, before the close(2) call', async () => {
    const [a] = pair(sockets);
    const waiting = [
      promises.recv(a, new Uint8Array(4), 4, 0),
      promises.read(a, new Uint8Array(4), 4),
      promises.poll([{ fd: a, events: POLLIN, revents: 0 }], -1),
    ];
    expect(watchedFds().has(a)).toBe(true);
    sockets.close(a);
    expect(watchedFds().has(a)).toBe(false);
    await Promise.all(
      waiting.map((promise, i) =>
        expectRejectsErrno(promise, 'EBADF', ['recv', 'read', 'poll'][i]),
      ),
    );
  });

  it('leaves the calls on other fds waiting', async () => {
    const [a] = pair(sockets);
    const [c, d] = pair(sockets);
    const onA = promises.recv(a, new Uint8Array(4), 4, 0);
    const buf = new Uint8Array(4);
    const onC = promises.recv(c, buf, 4, 0);
    sockets.close(a);
    expect(await rejection(onA)).toHaveProperty('code', 'EBADF');
    writeSync(d, Uint8Array.of(3), 1);
    expect(await onC).toBe(1);
    expect(buf[0]).toBe(3);
  });

  it('a number closed by other means and made again by socketpair is watched anew', async () => {
    const [a, b] = socketpair(AF_UNIX, SOCK_DGRAM, 0);
    sockets.add(b);
    const buf = new Uint8Array(4);
    const first = promises.recv(a, buf, 4, 0);
    writeSync(b, Uint8Array.of(1), 1);
    expect(await first).toBe(1);
    expect(watchedFds().has(a)).toBe(true); // kept armed for input
    // fs.closeSync: the registry is not told; epoll drops the file (epoll(7), Q6).
    (await import('node:fs')).closeSync(a);
    const [c, d] = socketpair(AF_UNIX, SOCK_DGRAM, 0);
    sockets.add(c);
    sockets.add(d);
    expect(c).toBe(a); // the lowest free number: the same one
    const second = promises.recv(c, buf, 4, 0, { signal: AbortSignal.timeout(5_000) });
    writeSync(d, Uint8Array.of(2), 1);
    expect(await second).toBe(1);
    expect(buf[0]).toBe(2);
  });

  it('does not see a close by other means: the call waits until aborted', async () => {
    const [a, b] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    sockets.add(b);
    const controller = new AbortController();
    const pending = promises.recv(a, new Uint8Array(4), 4, 0, { signal: controller.signal });
    // fs.closeSync is not bsd-sockets' close: the registry is not told. epoll drops the
    // file by itself when it is closed (epoll(7), Q6).
    (await import('node:fs')).closeSync(a);
    expect(watchedFds().has(a)).toBe(false);
    expect(await settledWithin(pending, 30)).toBe('pending');
    controller.abort();
    expect(await rejection(pending)).toBeInstanceOf(promises.AbortError);
  });
});

describe('argument errors', () => {
  it('reject before any waiting, with the synchronous call messages', async () => {
    const [a] = pair(sockets);
    const error = await rejection(promises.recv(a, new Uint8Array(4), 8, 0));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('recv: len (8) exceeds buf.byteLength (4)');
    expect(watchedFds().has(a)).toBe(false);
    const typeError = await rejection(promises.sendto(a, 42 as unknown as Uint8Array, 1, 0, null));
    expect(typeError).toBeInstanceOf(TypeError);
    expect((typeError as Error).message).toMatch(/^sendto: buf must be a Uint8Array/);
  });

  it('an fd that is not open rejects at once with the call error EBADF', async () => {
    await expectRejectsErrno(
      promises.recvfrom(2 ** 31 - 1, new Uint8Array(4), 4, 0, null, null),
      'EBADF',
      'recvfrom',
    );
  });

  it('reads addrlen before taking the buffer: a getter that detaches it is caught', async () => {
    const [a] = pair(sockets, SOCK_DGRAM);
    const buf = new Uint8Array(new ArrayBuffer(8));
    let reads = 0;
    const addrlen = {
      get value(): number {
        // Read once, when recvfrom is called (the address is encoded then).
        if (++reads === 1) structuredClone(buf.buffer, { transfer: [buf.buffer] });
        return 16;
      },
    };
    const error = await rejection(promises.recvfrom(a, buf, 8, 0, {}, addrlen));
    expect(reads).toBe(1);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('recvfrom: len (8) exceeds buf.byteLength (0)');
    expect(watchedFds().has(a)).toBe(false);
  });

  it('a buffer detached while waiting makes the call reject with a RangeError', async () => {
    const [a, b] = pair(sockets);
    const buf = new Uint8Array(new ArrayBuffer(8));
    const pending = promises.recv(a, buf, 8, 0);
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
    writeSync(b, Uint8Array.of(1), 1);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('recv: len (8) exceeds buf.byteLength (0)');
  });
});
