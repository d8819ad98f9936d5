/**
 * bsd-sockets/promises: the blocking calls of bsd-sockets, as functions that return a
 * promise and never block the event loop (as `fs/promises` sits beside `fs`).
 *
 * ```ts
 * import { recvfrom } from 'bsd-sockets/promises';
 * const n = await recvfrom(s, buf, buf.length, 0, src_addr, len);
 * ```
 *
 * Same names, same arguments, same results and errors as the synchronous functions of the
 * root entry, plus an optional last `{ signal }`. Under strace the call is the very one the synchronous
 * version makes (`recvfrom(3, …, 1024, 0, …)`: no MSG_DONTWAIT, no fcntl); around it are
 * only readiness questions (poll(2) with a timeout of 0, the epoll calls of a wait):
 *
 * 1. The fd is registered (epoll_ctl, in an epoll set of this package that the event loop
 *    watches) for the event the call needs: readable for accept, accept4, recv, recvfrom,
 *    read; writable for send, sendto, write; the entries' events for poll. The socket
 *    itself is not touched (libuv's own uv_poll_t would set O_NONBLOCK on it).
 * 2. When the kernel reports the event, the call is made. Waiters on one fd and event are
 *    served in FIFO order, one per readiness report.
 * 3. If the fd is non-blocking and the call answers EAGAIN (another thread or process took
 *    the data first), the call waits again, still first in line.
 *
 * Blocking and non-blocking sockets. The call is made only once the kernel said the fd is
 * ready, so on a blocking socket it returns at once, except:
 *   - another thread or process sharing the socket took the data in between (then the call
 *     blocks until there is more, exactly as a C `recv` after `select` would);
 *   - `send`/`write` of more bytes than the send buffer has room for blocks until all of
 *     them are queued (a stream socket's send(2) semantics);
 *   - `connect` has nothing to wait for before it: on a blocking socket it blocks until
 *     TCP's handshake ends (immediate on loopback, or a refusal), like the sync call.
 * Make the socket non-blocking (`SOCK_NONBLOCK`, `accept4(…, SOCK_NONBLOCK)`,
 * `fcntl(fd, F_SETFL, O_NONBLOCK)`) for the guarantee: then `connect` answers EINPROGRESS,
 * waits for writability and reads the outcome with `getsockopt(SO_ERROR)` (connect(2)), and
 * `send` may write fewer bytes than asked, as in C. This package never sets O_NONBLOCK
 * behind your back.
 *
 * Cancellation. `{ signal }`: when the AbortSignal fires, the promise rejects with an
 * `AbortError` (`name` 'AbortError', `code` 'ABORT_ERR', `cause` the signal's reason), the
 * call is not made and the fd leaves the watcher if nothing else waits on it. An already
 * aborted signal rejects at once. A call being made when the signal fires settles with
 * its own result.
 *
 * Closing. `close(fd)` of bsd-sockets, while calls wait on `fd`, rejects them with the
 * error the call would give on a closed fd (`EBADF`, `syscall` the call's name) before the
 * close(2) call; the calls are not made. Closing the fd by other means (`fs.closeSync`,
 * a child process…) is not seen: epoll forgets a closed file, so those calls wait until
 * aborted — and if the number is reused by a new socket, they are made on it. Close with
 * bsd-sockets' `close`.
 *
 * A call that can be made at once is: when nothing waits before it, the fd alone is asked
 * first (poll(2) with a timeout of 0: nothing is done to the socket) whether it is ready;
 * if so the call is made there and then, with nothing registered (a UDP `sendto` is
 * `poll`, `sendto`; a `recv` of data already queued), its promise settled before `await`
 * yields. A call waiting for input asks only while that tends to find data: not after it
 * found none, until a read fills its whole buffer (an answer to a request is rarely there
 * yet). Registrations stay armed across waits: after a call waiting for input is made, its
 * fd stays registered for input, so the next one costs no epoll_ctl (a ping-pong makes
 * none); an input event that finds nobody waiting takes it out (one wake-up). Output and
 * the other events are taken out as soon as nobody waits for them. When the package's epoll
 * set holds that one fd, the event loop's report that the set is readable says which fd is
 * ready: the call is made without asking the set again (a UDP round trip is `poll`,
 * `sendto`, then `recvfrom` once the answer is there), unless a call in this thread took
 * input since the event loop asked the kernel.
 *
 * Errors. A failed call rejects with the `ErrnoError` of its synchronous twin (`errno`,
 * `code`, `syscall`, strerror's text), and sets the thread's `errno` as C's call does, so
 * that `perror` after the `await` prints what C prints. Argument errors (TypeError,
 * RangeError) reject before any waiting, with the synchronous call's messages. Arguments
 * are read when the function is called: the address objects and `addrlen.value` then (the
 * address is encoded into memory of that call), `buf`'s bytes when the call is made.
 *
 * Not blocking the event loop also means: 10,000 pending calls are 10,000 entries in a
 * list, not threads — `fs.promises` and timers run as usual. A waiting call keeps the
 * process alive, as a pending socket read does in Node; idle, the watcher does not. Each
 * worker_thread has its own watcher, closed when the worker ends.
 */
import { native } from '../binding';
import * as check from '../args';
import { isLittleEndian as host } from '../byteorder';
import { ErrnoError, errnoError } from '../errno';
import { outputCapacity, outputGiven } from '../c/address';
import { sockaddr_storage as STORAGE } from '../layout';
import { ADDR, scratchBytes, scratchView, set_errno } from '../scratch';
import { storeValue } from '../struct/store';
import { decode_revents, encode_pollfds, release, type pollfd } from '../struct/pollfd';
import {
  decode_sockaddr,
  encode_sockaddr,
  type Memory,
  type sockaddr,
  type sockaddr_storage,
  type socklen_t,
} from '../struct/sockaddr';

/** The trailing options of every call. */
export interface CallOptions {
  /** Aborts the waiting call: the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** What an aborted call rejects with, as Node's own promise APIs do. */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/**
 * The native calls (native/promises.cc). Each returns C's result as one number — the return
 * value, or -errno when the call failed — when it could be made at once, else a promise:
 * of that number (accept, accept4, recvfrom, poll: their result is decoded here), or of
 * the return value, rejecting with the call's ErrnoError (recv, read, send, sendto, write,
 * connect: returned as it is, one promise per call).
 */
const calls = native.promises;
type Result = number | Promise<number>;

/** Ids for `cancel`; 0 means "no signal". Unique per thread (per loaded addon instance). */
let lastId = 0;

function nextId(): number {
  lastId = lastId >= 0xffffffff ? 1 : lastId + 1;
  return lastId;
}

/**
 * C's result `ret` of the call `fn`: returned when it is not negative; else the call
 * failed with errno -ret, which becomes the thread's errno (as in C) and is thrown.
 */
function outcome(fn: string, ret: number): number {
  if (ret >= 0) return ret;
  set_errno(-ret);
  throw errnoError(fn, -ret);
}

// What a waiting call that failed rejects with, made when native settles it: the same
// error, and the same errno, as `outcome` gives a call made at once.
calls.errors((fn, errno) => {
  set_errno(errno);
  return errnoError(fn, errno);
});

/**
 * The failure of the watcher's own set-up (epoll_create1 at the first call: EMFILE, ENFILE,
 * ENOMEM), which native throws as an Error with `syscall` and `errno`: the ErrnoError of
 * that call, as every failed call rejects with, and the thread's errno.
 */
function setUpError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ErrnoError) return error;
  const { syscall, errno } = error as Error & { syscall?: unknown; errno?: unknown };
  if (typeof syscall !== 'string' || typeof errno !== 'number') return error;
  set_errno(errno);
  return errnoError(syscall, errno);
}

/**
 * Starts a call: `invoke` checks the arguments and makes the native call with an id, and
 * `after` turns its result into the promise's value (or throws its error). An argument
 * error rejects at once; `signal` is wired to the call's cancellation while it waits.
 */
function start(
  options: CallOptions | undefined,
  invoke: (id: number) => Result,
  after: (ret: number) => number,
): Promise<number> {
  const signal = options?.signal;
  let id = 0;
  if (signal !== undefined) {
    if (signal.aborted) {
      return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    }
    id = nextId();
  }
  let result: Result;
  try {
    result = invoke(id);
    if (typeof result === 'number') return Promise.resolve(after(result));
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return thenCancellable(result, after, signal, id);
}

/**
 * `result.then(after)`, with `signal` wired to the cancellation of call `id` while it waits
 * and unwired once it settles.
 */
function thenCancellable(
  result: Promise<number>,
  after: (ret: number) => number,
  signal: AbortSignal | undefined,
  id: number,
): Promise<number> {
  if (signal === undefined) return result.then(after);
  const onAbort = (): void => calls.cancel(id, new AbortError(undefined, { cause: signal.reason }));
  signal.addEventListener('abort', onAbort, { once: true });
  return result.then(
    (ret) => {
      signal.removeEventListener('abort', onAbort);
      return after(ret);
    },
    (error: unknown) => {
      signal.removeEventListener('abort', onAbort);
      throw error;
    },
  );
}

/** The promise of a call rejected at once because its signal was already aborted. */
function aborted(signal: AbortSignal): Promise<number> {
  return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
}

/**
 * The promise of a call of `fn` whose native promise settles as the call's own (see
 * `calls`): its result when it was made at once, else that promise, wired to `signal`.
 */
function settle(
  fn: string,
  result: Result,
  signal: AbortSignal | undefined,
  id: number,
): Promise<number> {
  if (typeof result === 'number') {
    try {
      return Promise.resolve(outcome(fn, result));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  if (signal === undefined) return result;
  const onAbort = (): void => calls.cancel(id, new AbortError(undefined, { cause: signal.reason }));
  signal.addEventListener('abort', onAbort, { once: true });
  return result.finally(() => signal.removeEventListener('abort', onAbort));
}

/* ------------------------------------------------------------------ addresses */

/**
 * An input address (connect, sendto) is encoded into the scratch's address, as the
 * synchronous calls do (src/c/address.ts); native copies it from there when the call
 * starts, as the kernel copies it from the program's memory (no byte view to look up).
 * Encoding reads every field before writing, and nothing of the caller runs between the
 * encoding and the native call: a getter that makes another call runs before the scratch
 * holds the address.
 */
const input: Memory = { view: scratchView, bytes: scratchBytes };

/**
 * An input address and its `socklen_t addrlen`: the struct's length unless given (a number
 * or a socklen_t box, whose value is read before the address is encoded).
 */
function inputAddress(fn: string, addr: unknown, addrlen: unknown, name: string): number {
  const given = check.socklenValue(addrlen);
  const length = encode_sockaddr(addr, fn, name, input, ADDR);
  if (addrlen === undefined) return length;
  return check.uint(given, fn, 'addrlen', 0xffffffff);
}

/**
 * The memory an output address (accept, recvfrom) is written into while its call waits:
 * sizeof(struct sockaddr_storage) bytes, then the socklen_t. Each call has its own, taken
 * from (and given back to) a pool.
 */
interface OutputAddress extends Memory {
  capacity: number;
}
const LEN = STORAGE.size;
const spares: OutputAddress[] = [];

/**
 * The memory of an output address, from the pool, with `*addrlen` set to the capacity.
 * (Not zeroed: the kernel writes the address, and decode_sockaddr zeroes what it did not
 * write.)
 */
function outputAddress(fn: string, addrlen: unknown): OutputAddress {
  const capacity = outputCapacity(fn, addrlen);
  let out = spares.pop();
  if (out === undefined) {
    const bytes = new Uint8Array(LEN + 4);
    out = { view: new DataView(bytes.buffer), bytes, capacity };
  }
  out.capacity = capacity;
  out.view.setUint32(LEN, capacity, host);
  return out;
}

/** After the call: fills `addr` and `addrlen.value` when it succeeded, then frees `out`. */
function finishOutput(
  fn: string,
  ret: number,
  out: OutputAddress,
  addr: unknown,
  addrlen: unknown,
): number {
  if (ret >= 0) {
    const length = out.view.getUint32(LEN, host);
    if (addr !== null && addr !== undefined) {
      decode_sockaddr(out, 0, length, out.capacity, addr as sockaddr_storage);
    }
    if (addrlen !== null && addrlen !== undefined) storeValue(addrlen, length);
  }
  spares.push(out);
  return outcome(fn, ret);
}

/** A call that may return an address: `addr` given, or `addrlen`. */
function withOutput(
  fn: string,
  options: CallOptions | undefined,
  addr: unknown,
  addrlen: unknown,
  invoke: (id: number, out: Uint8Array | null, given: number) => Result,
): Promise<number> {
  let out: OutputAddress | null = null;
  return start(
    options,
    (id) => {
      const given = outputGiven(fn, addr, addrlen);
      if (given !== 0) out = outputAddress(fn, addrlen);
      return invoke(id, out === null ? null : out.bytes, given);
    },
    (ret) => (out === null ? outcome(fn, ret) : finishOutput(fn, ret, out, addr, addrlen)),
  );
}

/** The value of a call that may return an address, once it was made (see finishOutput). */
function finishCall(
  fn: string,
  ret: number,
  out: OutputAddress | null,
  addr: unknown,
  addrlen: unknown,
): number {
  return out === null ? outcome(fn, ret) : finishOutput(fn, ret, out, addr, addrlen);
}

/**
 * `withOutput` for a call started by its caller (recvfrom: no closure to start it): its
 * value when it was made at once, else its native promise's number, decoded once it
 * settles, `signal` wired to its cancellation while it waits.
 */
function settleOutput(
  fn: string,
  result: Result,
  out: OutputAddress | null,
  addr: unknown,
  addrlen: unknown,
  signal: AbortSignal | undefined,
  id: number,
): Promise<number> {
  if (typeof result === 'number') {
    try {
      return Promise.resolve(finishCall(fn, result, out, addr, addrlen));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const after = (ret: number): number => finishCall(fn, ret, out, addr, addrlen);
  return thenCancellable(result, after, signal, id);
}

/**
 * `(addrlen?, options?)` after an input address: a number or a socklen_t box (an object
 * with `value`) is `socklen_t addrlen` (as C programs pass `sizeof addr`, or the `len` that
 * `&len` filled), anything else the options.
 */
function splitAddrlen(
  addrlenOrOptions: number | socklen_t | CallOptions | undefined,
  options: CallOptions | undefined,
): [number | socklen_t | undefined, CallOptions | undefined] {
  return typeof addrlenOrOptions === 'number' ||
    (addrlenOrOptions !== null &&
      typeof addrlenOrOptions === 'object' &&
      'value' in addrlenOrOptions)
    ? [addrlenOrOptions as number | socklen_t, options]
    : [undefined, (addrlenOrOptions as CallOptions | undefined) ?? options];
}

/* ------------------------------------------------------------------ the calls */

/**
 * `int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);` — accept(2)
 *
 * Resolves with the new fd once a connection is there. `addr`/`addrlen` as in the
 * synchronous `accept` (pass `null` before `options` to omit them).
 */
export function accept(
  sockfd: number,
  addr?: object | null,
  addrlen?: socklen_t | null,
  options?: CallOptions,
): Promise<number> {
  return withOutput('accept', options, addr, addrlen, (id, out, given) =>
    calls.accept(id, check.int(sockfd, 'accept', 'sockfd'), out, given),
  );
}

/**
 * `int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);` — accept(2)
 *
 * `accept` with `SOCK_NONBLOCK` / `SOCK_CLOEXEC` set on the new fd by the same call.
 */
export function accept4(
  sockfd: number,
  addr: object | null,
  addrlen: socklen_t | null,
  flags: number,
  options?: CallOptions,
): Promise<number> {
  return withOutput('accept4', options, addr, addrlen, (id, out, given) =>
    calls.accept4(
      id,
      check.int(sockfd, 'accept4', 'sockfd'),
      out,
      given,
      check.int(flags, 'accept4', 'flags'),
    ),
  );
}

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — connect(2)
 *
 * The call is made at once. Non-blocking socket: EINPROGRESS is not an error here, the
 * promise resolves with 0 once the socket is writable and `getsockopt(SO_ERROR)` says 0,
 * or rejects with that error (`ECONNREFUSED`…, `syscall` 'connect'). Blocking socket:
 * connect(2) itself waits for the handshake, blocking the thread as the synchronous call
 * does (see the module comment). `addrlen` may be left out: the struct's size.
 */
export function connect(
  sockfd: number,
  addr: sockaddr,
  addrlen?: number | socklen_t | CallOptions,
  options?: CallOptions,
): Promise<number> {
  const [length, opts] = splitAddrlen(addrlen, options);
  const signal = opts?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    const fd = check.int(sockfd, 'connect', 'sockfd');
    result = calls.connect(id, fd, inputAddress('connect', addr, length, 'addr'));
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('connect', result, signal, id);
}

/** `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2) */
export function recv(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  options?: CallOptions,
): Promise<number> {
  const signal = options?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    const bytes = check.sendRecv('recv', sockfd, flags, buf, len, false);
    result = calls.recv(id, sockfd, bytes, len, flags);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('recv', result, signal, id);
}

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
 *                   struct sockaddr *src_addr, socklen_t *addrlen);` — recvfrom(2)
 *
 * `addrlen.value` is read when `recvfrom` is called; `src_addr` and `addrlen.value` are
 * filled when the call has been made, before the promise resolves.
 */
export function recvfrom(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  src_addr?: object | null,
  addrlen?: socklen_t | null,
  options?: CallOptions,
): Promise<number> {
  const signal = options?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let out: OutputAddress | null = null;
  let result: Result;
  try {
    const given = outputGiven('recvfrom', src_addr, addrlen);
    if (given !== 0) out = outputAddress('recvfrom', addrlen);
    const bytes = check.sendRecv('recvfrom', sockfd, flags, buf, len, false);
    result = calls.recvfrom(id, sockfd, bytes, len, flags, out === null ? null : out.bytes, given);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settleOutput('recvfrom', result, out, src_addr, addrlen, signal, id);
}

/** `ssize_t read(int fd, void *buf, size_t count);` — read(2) */
export function read(
  fd: number,
  buf: Uint8Array,
  count: number,
  options?: CallOptions,
): Promise<number> {
  const signal = options?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    check.int(fd, 'read', 'fd');
    result = calls.read(id, fd, check.buffer('read', buf, count, false, 'count'), count);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('read', result, signal, id);
}

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);` — send(2)
 *
 * `buf` is read when the call is made, not when `send` is called: don't change it while
 * the promise is pending (as with any asynchronous write). A string is its UTF-8 bytes.
 */
export function send(
  sockfd: number,
  buf: Uint8Array | string,
  len: number,
  flags: number,
  options?: CallOptions,
): Promise<number> {
  const signal = options?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    const bytes = check.sendRecv('send', sockfd, flags, buf, len, true);
    result = calls.send(id, sockfd, bytes, len, flags);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('send', result, signal, id);
}

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
 *                 const struct sockaddr *dest_addr, socklen_t addrlen);` — sendto(2)
 *
 * `dest_addr` null is C's `NULL, 0`; `addrlen` may be left out (the struct's size).
 */
export function sendto(
  sockfd: number,
  buf: Uint8Array | string,
  len: number,
  flags: number,
  dest_addr?: sockaddr | null,
  addrlen?: number | socklen_t | CallOptions,
  options?: CallOptions,
): Promise<number> {
  const [length, opts] = splitAddrlen(addrlen, options);
  const signal = opts?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    check.int(sockfd, 'sendto', 'sockfd');
    check.int(flags, 'sendto', 'flags');
    // The address first: reading its fields can run getters, which could detach or shrink
    // buf; its length is checked after them.
    let given = 0;
    let size = 0;
    if (dest_addr !== null && dest_addr !== undefined) {
      size = inputAddress('sendto', dest_addr, length, 'dest_addr');
      given = 1;
    } else if (length !== undefined) {
      size = check.uint(check.socklenValue(length), 'sendto', 'addrlen', 0xffffffff);
    }
    const bytes = check.buffer('sendto', buf, len, true);
    result = calls.sendto(id, sockfd, bytes, len, flags, given, size);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('sendto', result, signal, id);
}

/** `ssize_t write(int fd, const void *buf, size_t count);` — write(2) */
export function write(
  fd: number,
  buf: Uint8Array | string,
  count: number,
  options?: CallOptions,
): Promise<number> {
  const signal = options?.signal;
  if (signal?.aborted) return aborted(signal);
  const id = signal === undefined ? 0 : nextId();
  let result: Result;
  try {
    check.int(fd, 'write', 'fd');
    result = calls.write(id, fd, check.buffer('write', buf, count, true, 'count'), count);
  } catch (error) {
    return Promise.reject(setUpError(error));
  }
  return settle('write', result, signal, id);
}

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` — poll(2)
 *
 * Waits in the event loop until an entry's events are reported, then makes the call with
 * the same `fds` and `timeout` (it returns at once) and resolves with its result,
 * `revents` written into the entries. `nfds` is `fds.length`; the entries' `fd` and
 * `events` are read when `poll` is called. Differences from the synchronous call:
 *   - when `timeout` (ms) expires first, the call made is `poll(fds, nfds, 0)` (the time was
 *     waited in the event loop), usually resolving 0;
 *   - entries whose `events` ask for nothing but errors (0) are not watched: their
 *     POLLERR/POLLHUP wake the call only together with another entry's event;
 *   - with no entry to watch and `timeout` -1 the promise stays pending (C's poll would
 *     sleep until a signal) until aborted, without keeping the process alive.
 * A timeout of 0 makes the call at once.
 */
export function poll(fds: pollfd[], timeout: number, options?: CallOptions): Promise<number> {
  let array: ReturnType<typeof encode_pollfds> | null = null;
  let count = 0;
  return start(
    options,
    (id) => {
      if (!Array.isArray(fds)) {
        throw new TypeError(
          `poll: fds must be an array of { fd, events, revents }, got ${check.describe(fds)}`,
        );
      }
      count = fds.length;
      const ms = check.int(timeout, 'poll', 'timeout');
      if (count === 0) return calls.poll(id, null, 0, ms);
      array = encode_pollfds(fds, count, 'poll');
      return calls.poll(id, array.bytes, count, ms);
    },
    (ret) => {
      if (array !== null) {
        if (ret >= 0) decode_revents(fds, count, array);
        release(array);
      }
      return outcome('poll', ret);
    },
  );
}
