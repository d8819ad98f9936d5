'use strict';
// The child of test/hardening/leaks.test.ts: `node --expose-gc leaks-child.cjs <mode> [n]`.
// Prints one JSON line with the fd count and RSS before and after n cycles (after a
// warm-up and a full GC each time), or, for `preserve`, the fds and what they point to
// before and after a thousand failing calls of each kind.
//
// Modes:
//   socket       socket(AF_INET, SOCK_DGRAM) + close
//   getaddrinfo  getaddrinfo('127.0.0.1', '80', AI_NUMERICHOST | AI_NUMERICSERV): three
//                entries (stream, datagram, raw), each a struct addrinfo and a sockaddr_in
//                malloc'd by the C library and freed by freeaddrinfo
//   localhost    getaddrinfo('localhost', null, AF_INET): /etc/hosts, no DNS
//   control      keeps 300 bytes of malloc'd memory per cycle: the size of a forgotten
//                freeaddrinfo, to show the RSS measure sees such a leak
//   preserve     failing calls on the process's own sockets
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

// The package's root entry: each call below is its C call through the native boundary.
const dist = path.join(__dirname, '..', '..', 'dist', 'src');
const native = require(path.join(dist, 'index.js'));
const C = require(path.join(dist, 'binding.js')).native.constants;

const mode = process.argv[2];
const cycles = Number(process.argv[3] || 100000);

function fdCount() {
  return fs.readdirSync('/proc/self/fd').length;
}

function collect() {
  // Twice: weak callbacks and finalizers freed by the first GC are reclaimed by the second.
  globalThis.gc();
  globalThis.gc();
}

const kept = [];
const loopback = { sin_family: C.AF_INET, sin_port: 0, sin_addr: { s_addr: 0x0100007f } };

const cycle = {
  socket: () => native.close(native.socket(C.AF_INET, C.SOCK_DGRAM, 0)),
  getaddrinfo: () =>
    native.getaddrinfo('127.0.0.1', '80', { ai_flags: C.AI_NUMERICHOST | C.AI_NUMERICSERV }),
  localhost: () => native.getaddrinfo('localhost', null, { ai_family: C.AF_INET }),
  control: () => kept.push(Buffer.allocUnsafeSlow(300)),
};

function measure() {
  const run = cycle[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  for (let i = 0; i < Math.min(cycles, 10000); i++) run(); // warm-up: caches, JIT, heap
  kept.length = 0;
  collect();
  const before = { fds: fdCount(), rss: process.memoryUsage().rss };
  const started = Date.now();
  for (let i = 0; i < cycles; i++) run();
  collect();
  const after = { fds: fdCount(), rss: process.memoryUsage().rss };
  return { mode, cycles, ms: Date.now() - started, before, after, kept: kept.length };
}

/** fd → what it points to (socket:[inode], pipe:[…], a path). */
function fdTable() {
  const table = {};
  for (const name of fs.readdirSync('/proc/self/fd')) {
    try {
      table[name] = fs.readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      // the directory fd of readdirSync itself, gone already
    }
  }
  return table;
}

function expectFailure(call, kinds) {
  try {
    call();
  } catch (error) {
    const kind = error.code || error.constructor.name;
    if (!kinds.includes(kind)) throw new Error(`expected ${kinds}, got ${kind}: ${error.message}`);
    return;
  }
  throw new Error(`expected ${kinds}, the call succeeded`);
}

function preserve() {
  const udp = native.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK, 0);
  native.bind(udp, loopback);
  const tcp = native.socket(C.AF_INET, C.SOCK_STREAM | C.SOCK_NONBLOCK, 0);
  native.bind(tcp, loopback);
  // Its own socket: Linux marks a socket shut down even when shutdown() fails with
  // ENOTCONN, and a read after that returns 0 (end of file) instead of ENOTCONN.
  const unconnected = native.socket(C.AF_INET, C.SOCK_STREAM | C.SOCK_NONBLOCK, 0);
  const [left, right] = native.socketpair(C.AF_UNIX, C.SOCK_STREAM | C.SOCK_NONBLOCK, 0);
  native.close(right); // left's peer is gone: EPIPE
  const before = fdTable();
  const buf = new Uint8Array(16);
  const failing = [
    () => expectFailure(() => native.bind(udp, loopback), ['EINVAL']),
    () => expectFailure(() => native.bind(tcp, loopback), ['EINVAL']),
    () => expectFailure(() => native.listen(udp, 1), ['EOPNOTSUPP']),
    () => expectFailure(() => native.accept(tcp, {}), ['EINVAL']),
    () => expectFailure(() => native.accept4(udp, null, null, C.SOCK_NONBLOCK), ['EOPNOTSUPP']),
    () => expectFailure(() => native.recv(udp, buf, 16, 0), ['EAGAIN']),
    () => expectFailure(() => native.recvfrom(udp, buf, 16, 0, {}), ['EAGAIN']),
    () => expectFailure(() => native.read(unconnected, buf, 16), ['ENOTCONN']),
    () => expectFailure(() => native.send(left, buf, 16, C.MSG_NOSIGNAL), ['EPIPE']),
    () => expectFailure(() => native.write(left, buf, 16), ['EPIPE']),
    () =>
      expectFailure(
        () => native.sendto(udp, buf, 16, 0, { sun_family: C.AF_UNIX, sun_path: 'x' }),
        ['EINVAL'],
      ),
    () => expectFailure(() => native.getpeername(udp), ['ENOTCONN']),
    () => expectFailure(() => native.shutdown(tcp, C.SHUT_RDWR), ['ENOTCONN']),
    () => expectFailure(() => native.setsockopt(udp, C.SOL_SOCKET, 9999, 1), ['ENOPROTOOPT']),
    () => expectFailure(() => native.getsockopt(udp, C.IPPROTO_TCP, C.TCP_NODELAY), ['EOPNOTSUPP']),
    () => expectFailure(() => native.fcntl(udp, 9999), ['RangeError']),
    () => expectFailure(() => native.select(1025, null, null, null, null), ['RangeError']),
    () =>
      expectFailure(
        () => native.getaddrinfo('no such host', null, { ai_flags: C.AI_NUMERICHOST }),
        ['EAI_NONAME'],
      ),
    () => expectFailure(() => native.close(100000), ['EBADF']),
    // Refused before any call: a bad argument after a good fd.
    () => expectFailure(() => native.recv(udp, buf, 17, 0), ['RangeError']),
    () =>
      expectFailure(
        () => native.bind(udp, { sin_family: C.AF_INET, sin_port: 70000, sin_addr: { s_addr: 0 } }),
        ['RangeError'],
      ),
    () => expectFailure(() => native.close(2 ** 31), ['RangeError']),
    // What C compiles reaches the kernel: close(-1) is EBADF, and no fd of ours is touched.
    () => expectFailure(() => native.close(-1), ['EBADF']),
  ];
  let calls = 0;
  for (let i = 0; i < 1000; i++) {
    for (const call of failing) {
      call();
      calls++;
    }
  }
  const after = fdTable();
  // Still open and still the same sockets: SO_TYPE answers on each.
  const own = [udp, tcp, unconnected, left];
  const types = own.map((s) => native.getsockopt(s, C.SOL_SOCKET, C.SO_TYPE));
  for (const s of own) native.close(s);
  return { mode, calls, before, after, types };
}

process.stdout.write(`${JSON.stringify(mode === 'preserve' ? preserve() : measure())}\n`);
