/**
 * bsd-sockets/promises: the blocking calls of bsd-sockets, as functions that return a
 * promise and never block the event loop (as `fs/promises` sits beside `fs`).
 *
 * ```ts
 * import { recvfrom } from 'bsd-sockets/promises';
 * const n = await recvfrom(s, buf, buf.length, 0, src_addr, len);
 * ```
 *
 * Same names, same arguments, same results and errors as the synchronous functions, plus
 * an optional last `{ signal }`. Under strace the call is the very one the synchronous
 * version makes (`recvfrom(3, …, 1024, 0, …)`: no MSG_DONTWAIT, no fcntl, no extra poll):
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
 * Not blocking the event loop also means: 10,000 pending calls are 10,000 entries in a
 * list, not threads — `fs.promises` and timers run as usual. A waiting call keeps the
 * process alive, as a pending socket read does in Node; idle, the watcher does not. Each
 * worker_thread has its own watcher, closed when the worker ends.
 */
import { native } from '../binding';
import type { pollfd } from '../poll';
import type { sockaddr, socklen_t } from '../sockaddr';

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

const calls = native.promises;

/** Ids for `cancel`; 0 means "no signal". Unique per thread (per loaded addon instance). */
let lastId = 0;

function nextId(): number {
  lastId = lastId >= 0xffffffff ? 1 : lastId + 1;
  return lastId;
}

/**
 * Starts `call` with an id, wiring `signal` to its cancellation. Arguments are checked by
 * the addon before any waiting: a TypeError or RangeError rejects the promise at once.
 */
async function start(
  call: (id: number) => Promise<number>,
  options: CallOptions | undefined,
): Promise<number> {
  const signal = options?.signal;
  if (signal === undefined) return call(0);
  if (signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const id = nextId();
  const onAbort = (): void => calls.cancel(id, new AbortError(undefined, { cause: signal.reason }));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(id);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

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
  return start((id) => calls.accept(id, sockfd, addr, addrlen), options);
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
  return start((id) => calls.accept4(id, sockfd, addr, addrlen, flags), options);
}

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);` — connect(2)
 *
 * The call is made at once. Non-blocking socket: EINPROGRESS is not an error here, the
 * promise resolves with 0 once the socket is writable and `getsockopt(SO_ERROR)` says 0,
 * or rejects with that error (`ECONNREFUSED`…, `syscall` 'connect'). Blocking socket:
 * connect(2) itself waits for the handshake, blocking the thread as the synchronous call
 * does (see the module comment).
 */
export function connect(sockfd: number, addr: sockaddr, options?: CallOptions): Promise<number> {
  return start((id) => calls.connect(id, sockfd, addr), options);
}

/** `ssize_t recv(int sockfd, void *buf, size_t len, int flags);` — recv(2) */
export function recv(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  options?: CallOptions,
): Promise<number> {
  return start((id) => calls.recv(id, sockfd, buf, len, flags), options);
}

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
 *                   struct sockaddr *src_addr, socklen_t *addrlen);` — recvfrom(2)
 *
 * `src_addr` is filled and `addrlen.value` read when the call is made, as C's kernel
 * reads `*addrlen` then.
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
  return start((id) => calls.recvfrom(id, sockfd, buf, len, flags, src_addr, addrlen), options);
}

/** `ssize_t read(int fd, void *buf, size_t count);` — read(2) */
export function read(
  fd: number,
  buf: Uint8Array,
  count: number,
  options?: CallOptions,
): Promise<number> {
  return start((id) => calls.read(id, fd, buf, count), options);
}

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);` — send(2)
 *
 * `buf` is read when the call is made, not when `send` is called: don't change it while
 * the promise is pending (as with any asynchronous write).
 */
export function send(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  options?: CallOptions,
): Promise<number> {
  return start((id) => calls.send(id, sockfd, buf, len, flags), options);
}

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
 *                 const struct sockaddr *dest_addr, socklen_t addrlen);` — sendto(2)
 */
export function sendto(
  sockfd: number,
  buf: Uint8Array,
  len: number,
  flags: number,
  dest_addr?: sockaddr | null,
  options?: CallOptions,
): Promise<number> {
  return start((id) => calls.sendto(id, sockfd, buf, len, flags, dest_addr), options);
}

/** `ssize_t write(int fd, const void *buf, size_t count);` — write(2) */
export function write(
  fd: number,
  buf: Uint8Array,
  count: number,
  options?: CallOptions,
): Promise<number> {
  return start((id) => calls.write(id, fd, buf, count), options);
}

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` — poll(2)
 *
 * Waits in the event loop until an entry's events are reported, then makes the call with
 * the same `fds` and `timeout` (it returns at once) and resolves with its result,
 * `revents` written into the entries. Differences from the synchronous call:
 *   - when `timeout` (ms) expires first, the call made is `poll(fds, nfds, 0)` (the time was
 *     waited in the event loop), usually resolving 0;
 *   - entries whose `events` ask for nothing but errors (0) are not watched: their
 *     POLLERR/POLLHUP wake the call only together with another entry's event;
 *   - with no entry to watch and `timeout` -1 the promise stays pending (C's poll would
 *     sleep until a signal) until aborted, without keeping the process alive.
 * A timeout of 0 makes the call at once.
 */
export function poll(fds: pollfd[], timeout: number, options?: CallOptions): Promise<number> {
  return start((id) => calls.poll(id, fds, timeout), options);
}
