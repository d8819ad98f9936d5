'use strict';
// The fuzz child of test/hardening/fuzz.test.ts: calls every function of the package's root
// entry that makes a C call (each one makes its native call through the boundary of
// native/boundary.h), and the native promise calls, thousands of times, with generated bad and edge arguments, and checks that each
// call returns or throws a TypeError/RangeError naming the function, or an errno error.
// A crash (a signal) is what the parent watches for.
//
//   FUZZ_SEED=123 node test/hardening/fuzz-child.cjs     (or --seed=123 --rounds=… --ms=…)
//
// FUZZ_SEED (default: random, printed), FUZZ_ROUNDS (calls per function, default 3000),
// FUZZ_MS (time budget, default 20000; the first FUZZ_MIN_ROUNDS rounds, default 1000, are
// made whatever the time, so that a slow machine still calls each function that often),
// FUZZ_TRACE=1 (print each call to stderr before
// making it, to find the call that crashed). The addon is the one the compiled package
// loads (BSD_SOCKETS_BUILD, BSD_SOCKETS_BINDING), as for the tests.
//
// Safety, since real sockets are used: every fd the fuzzer passes is one it created
// non-blocking (SOCK_NONBLOCK) or one that cannot be open (>= 100000), so nothing blocks
// and no fd of Node's is touched; fds that calls return (socket, accept…) are closed at
// once. Every address, read as any family the kernel may read it as, is loopback, a path
// in the fuzzer's temporary directory (its cwd) or an abstract name of its own, and ports
// are 0 or the fuzzer's own. Name look-ups get only `localhost` and numeric addresses.
/* global structuredClone, setImmediate, AbortController */
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'dist', 'src');
const { native } = require(path.join(dist, 'binding.js'));
// The root entry, and the native calls that only bsd-sockets/libc exports (malloc_trim).
const api = { ...require(path.join(dist, 'index.js')) };
for (const [name, f] of Object.entries(require(path.join(dist, 'libc', 'index.js')))) {
  if (typeof native[name] === 'function' && !(name in api)) api[name] = f;
}
const C = native.constants;

/** --name=value, else FUZZ_NAME, else the default. */
function option(name, fallback) {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  if (flag) return flag.slice(name.length + 3);
  return process.env[`FUZZ_${name.toUpperCase()}`] || fallback;
}
const seed = Number(option('seed', String(Date.now()))) >>> 0;
const rounds = Number(option('rounds', '3000'));
const budgetMs = Number(option('ms', '20000'));
const minRounds = Number(option('min_rounds', '1000'));
const trace = option('trace', '0') === '1';

// mulberry32: small, seeded, good enough to spread choices.
let state = seed;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n) => Math.floor(random() * n);
const chance = (p) => random() < p;
const pick = (list) => list[below(list.length)];

/** Thrown by the fuzzer's own getters: passes through the binding untouched. */
class FuzzOwnError extends Error {}

// ---- values --------------------------------------------------------------------------

function detachedBytes(size) {
  const bytes = new Uint8Array(size);
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  return bytes;
}

// Bad values safe in any position: none is an fd that may be open (no integer in
// [0, 100000), no -0) and no string is a name a resolver would look up.
function badValue() {
  return pick([
    () => undefined,
    () => null,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => -1,
    () => 0.5,
    () => -2.5,
    () => 2 ** 31,
    () => 2 ** 32,
    () => 2 ** 53,
    () => -(2 ** 53),
    () => 1e300,
    () => Number.MIN_VALUE,
    () => 100000,
    () => 2 ** 31 - 1,
    () => '0',
    () => 'x\0y',
    () => true,
    () => 1n,
    () => Symbol('fuzz'),
    () => ({}),
    () => [],
    () => [1, 2],
    () => () => 1,
    () => new Uint8Array(0),
    () => detachedBytes(8),
    () => new Uint16Array(4),
    () => new DataView(new ArrayBuffer(4)),
    () => new ArrayBuffer(4),
    () => Object.create(null),
    () => ({ valueOf: () => 3 }),
    () => new Proxy({}, {}),
    () => new Date(0),
  ])();
}
const maybeBad = (value, p = 0.08) => (chance(p) ? badValue() : value);

function bytesFilled(size) {
  // 1,0,0,0… : read as int 1, linger { 1, 0 }, timeval { 1, 0 }, IP options NOP, END…
  const bytes = new Uint8Array(size);
  if (size > 0 && chance(0.5)) bytes[0] = 1;
  return bytes;
}

/** A byte buffer of any kind the binding may get: mostly a valid one. */
function buffer() {
  const size = pick([0, 1, 4, 7, 16, 28, 110, 128, 1500, 4096, chance(0.05) ? 65536 : 8]);
  if (chance(0.75)) {
    return pick([
      () => new Uint8Array(size),
      () => new Uint8Array(size),
      () => Buffer.alloc(size),
      () => new Uint8Array(size + 8).subarray(5, 5 + size),
      () => new Uint8Array(new SharedArrayBuffer(size + 1)),
      () => detachedBytes(size),
      () => {
        // A view over a resizable buffer shrunk under it.
        const rab = new ArrayBuffer(size + 16, { maxByteLength: size + 64 });
        const view = new Uint8Array(rab, 8);
        rab.resize(pick([0, 4, size + 16, size + 64]));
        return view;
      },
    ])();
  }
  return pick([
    () => new Int8Array(size),
    () => new Uint16Array(size),
    () => new Float64Array(2),
    () => new ArrayBuffer(size),
    () => [1, 2, 3],
    () => 'abc',
  ])();
}

/** A byte count for `buf`, mostly near its length. */
function lengthFor(buf) {
  const n = buf && typeof buf.byteLength === 'number' ? buf.byteLength : 16;
  return pick([0, n, Math.max(n - 1, 0), n + 1, Math.min(n, 1), 2 ** 31, 2 ** 53, -1, 0.5, -0]);
}

const INVALID_FDS = [100000, 123456, 1000000, 2 ** 31 - 1];
const pool = new Set(); // open, non-blocking fds of the fuzzer
const ownPorts = new Map(); // fd → network-order port, for the fuzzer's bound sockets

function fd() {
  if (pool.size > 0 && chance(0.75)) return pick([...pool]);
  return chance(0.7) ? pick(INVALID_FDS) : badValue();
}

function int(values) {
  return maybeBad(pick(values), 0.15);
}

const littleEndian = os.endianness() === 'LE';
/** s_addr (network byte order, as the JS number whose host-order bytes are those). */
function sAddr(a, b, c, d) {
  return (
    (littleEndian ? a | (b << 8) | (c << 16) | (d << 24) : (a << 24) | (b << 16) | (c << 8) | d) >>>
    0
  );
}
const LOOPBACK_S_ADDRS = [sAddr(127, 0, 0, 1), sAddr(127, 0, 0, 2), sAddr(127, 1, 2, 3), 0];

function port() {
  return maybeBad(pick([0, 0, ...ownPorts.values(), 65535 + 1, -1, 1.5]), 0.1);
}

function s6(bytes) {
  const out = new Uint8Array(16);
  out.set(bytes, 16 - bytes.length);
  return out;
}
const LOOPBACK6 = () =>
  pick([
    () => s6([1]), // ::1
    () => new Uint8Array(16), // ::
    () => s6([0xff, 0xff, 127, 0, 0, 1]), // ::ffff:127.0.0.1
    () => new Uint8Array(15),
    () => new Uint8Array(17),
    () => new Uint8Array(0),
    () => detachedBytes(16),
    () => new Uint16Array(8),
    () => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  ])();

let pathCounter = 0;
let tmpDir = '';
function unixPath() {
  pathCounter++;
  return pick([
    () => path.join(tmpDir, `s${pathCounter % 64}`),
    () => `r${pathCounter % 64}`, // relative: the fuzzer's cwd is tmpDir
    () => 'r'.repeat(107), // exactly fits
    () => 'r'.repeat(108), // one byte too many with its NUL
    () => 'a\0b',
    () => '',
    () => Uint8Array.from(Buffer.from(`\0h6fuzz-${process.pid}-${pathCounter % 16}`)),
    () => Uint8Array.from(Buffer.from(`r${pathCounter % 64}`)),
    () => new Uint8Array(108).fill(0x72), // 108 bytes of 'r', no NUL: fits as bytes
    () => new Uint8Array(109),
    () => detachedBytes(4),
    () => 7,
  ])();
}

// The family values each shape may carry. A sockaddr_in6 or sockaddr_un with an IPv4 or
// IPv6 family would be read by the kernel as that family's struct, its bytes (flowinfo,
// path) as an address: those shapes get only families that cannot be read so
// (AF_UNIX, 46 and 0xffff, unknown to every socket), or the sockaddr_in6's flowinfo is a
// loopback address too.
const IN_FAMILIES = () => [C.AF_INET, C.AF_INET, C.AF_INET6, C.AF_UNIX, C.AF_UNSPEC, 46, 0xffff];
const IN6_FAMILIES = () => [C.AF_INET6, C.AF_INET6, C.AF_INET, C.AF_UNSPEC, C.AF_UNIX, 46];
const UN_FAMILIES = () => [C.AF_UNIX, C.AF_UNIX, C.AF_UNIX, 46, 0xffff];
const bad = (p) => (value) => maybeBad(value, p);

/** An input address (bind, connect, sendto, getnameinfo). */
function address() {
  const m = bad(0.05);
  switch (below(5)) {
    case 0:
      return {
        sin_family: maybeBad(pick(IN_FAMILIES()), 0.1),
        sin_port: port(),
        sin_addr: chance(0.95) ? { s_addr: m(pick(LOOPBACK_S_ADDRS)) } : badValue(),
      };
    case 1: {
      const addr = {
        sin6_family: maybeBad(pick(IN6_FAMILIES()), 0.1),
        sin6_port: port(),
        sin6_addr: chance(0.95) ? { s6_addr: LOOPBACK6() } : badValue(),
      };
      if (chance(0.5)) addr.sin6_flowinfo = pick([0, sAddr(127, 0, 0, 1), 2 ** 32, -1, NaN]);
      if (chance(0.5)) addr.sin6_scope_id = pick([0, 1, 2 ** 32, -1, 0.5]);
      return addr;
    }
    case 2:
      return { sun_family: maybeBad(pick(UN_FAMILIES()), 0.1), sun_path: unixPath() };
    case 3: {
      // ss_family chooses the struct, so the fields follow it.
      const family = pick([C.AF_INET, C.AF_INET6, C.AF_UNIX, 0, 46, -1, 'x']);
      return {
        ss_family: family,
        sin_port: port(),
        sin_addr: { s_addr: pick(LOOPBACK_S_ADDRS) },
        sin6_port: port(),
        sin6_addr: { s6_addr: LOOPBACK6() },
        sun_path: unixPath(),
      };
    }
    default:
      return pick([
        () => badValue(),
        () => ({ sin_port: 0 }), // no family at all
        () => ({
          get sin_family() {
            throw new FuzzOwnError('getter');
          },
        }),
        () => new Proxy({ sun_family: C.AF_UNIX, sun_path: 'r0' }, {}),
        () => [C.AF_INET],
      ])();
  }
}

/** An output address: the object to fill, or null. */
function outAddress() {
  if (chance(0.8)) return pick([undefined, null, {}, {}, {}, Object.create(null), []]);
  return pick([Object.freeze({}), new Uint8Array(16), 5, 'x', new Proxy({}, {})]);
}

/** A socklen_t box. */
function addrlenBox() {
  return pick([
    () => undefined,
    () => null,
    () => ({ value: 128 }),
    () => ({ value: pick([0, 1, 2, 15, 16, 28, 110, 127, 128]) }),
    () => ({ value: pick([129, -1, NaN, 0.5, 2 ** 32]) }),
    () => ({ value: '16' }),
    () => ({}),
    () => 16,
    () => Object.freeze({ value: 16 }),
  ])();
}

/** Detaches buf's ArrayBuffer, as a hostile getter could in the middle of a call. */
function detach(buf) {
  try {
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
  } catch {
    // not transferable (shared, already detached, not a view): no matter
  }
}

/** A socklen_t box whose `value` getter detaches `buf`. */
function detachingBox(buf) {
  return {
    get value() {
      detach(buf);
      return 16;
    },
  };
}

const flags = () =>
  int([
    0,
    0,
    C.MSG_DONTWAIT,
    C.MSG_PEEK,
    C.MSG_TRUNC,
    C.MSG_WAITALL,
    C.MSG_OOB,
    C.MSG_NOSIGNAL,
    C.MSG_ERRQUEUE,
    C.MSG_PEEK | C.MSG_TRUNC,
    below(2 ** 31),
    -(2 ** 31),
    -1,
  ]);

// setsockopt/getsockopt pairs: level with its own option names (a name of another level
// can mean something else there), and invalid ones.
const OPTIONS = [
  ...[
    'SO_DEBUG SO_REUSEADDR SO_REUSEPORT SO_TYPE SO_ERROR SO_BROADCAST SO_SNDBUF SO_RCVBUF',
    'SO_KEEPALIVE SO_OOBINLINE SO_LINGER SO_RCVLOWAT SO_SNDLOWAT SO_RCVTIMEO SO_SNDTIMEO',
    'SO_ACCEPTCONN SO_PROTOCOL SO_DOMAIN SO_PEERCRED SO_PRIORITY SO_TIMESTAMP SO_PASSCRED',
  ]
    .join(' ')
    .split(' ')
    .map((name) => [C.SOL_SOCKET, C[name]]),
  ...'IP_TOS IP_TTL IP_RECVERR IP_MULTICAST_TTL IP_MULTICAST_LOOP IP_ADD_MEMBERSHIP IP_PKTINFO IP_MTU_DISCOVER IP_MTU'
    .split(' ')
    .map((name) => [C.IPPROTO_IP, C[name]]),
  ...'IPV6_V6ONLY IPV6_UNICAST_HOPS IPV6_MULTICAST_HOPS IPV6_MULTICAST_LOOP IPV6_RECVPKTINFO IPV6_TCLASS'
    .split(' ')
    .map((name) => [C.IPPROTO_IPV6, C[name]]),
  ...'TCP_NODELAY TCP_MAXSEG TCP_CORK TCP_KEEPIDLE TCP_KEEPINTVL TCP_KEEPCNT TCP_INFO TCP_QUICKACK TCP_DEFER_ACCEPT TCP_USER_TIMEOUT'
    .split(' ')
    .map((name) => [C.IPPROTO_TCP, C[name]]),
  [C.SOL_SOCKET, 9999],
  [C.IPPROTO_TCP, -1],
  [C.IPPROTO_UDP, 2 ** 31 - 1],
  [-1, C.SO_REUSEADDR],
  [2 ** 31 - 1, 1],
].filter(([level, name]) => level !== undefined && name !== undefined);

function optionValue() {
  return pick([
    () => pick([0, 1, -1, 2 ** 31 - 1, 65536, 1.5, NaN, 2 ** 31]),
    () => ({
      tv_sec: pick([0, 1, -1, 2 ** 53, 1.5, NaN, '1']),
      tv_usec: pick([0, 999999, 1000000, -1, 0.5, undefined]),
    }),
    // l_linger only 0 as a valid value: close() lingers l_linger seconds, even on a
    // non-blocking socket, and a negative one lingers for ever.
    () => ({
      l_onoff: pick([0, 1, -1, 2 ** 31 - 1, 1.5]),
      l_linger: pick([0, 0, NaN, 2 ** 31, 'x', undefined]),
    }),
    () => bytesFilled(pick([0, 1, 3, 4, 8, 12, 16, 17, 64])),
    () => detachedBytes(4),
    () => badValue(),
  ])();
}

// ---- the functions -------------------------------------------------------------------

const returnsFd = new Set(['socket', 'accept', 'accept4']);
const returnsFdPair = new Set(['socketpair']);

const generators = {
  socket: () => [
    int([C.AF_INET, C.AF_INET6, C.AF_UNIX, C.AF_UNSPEC, 46, 0xffff, -1]),
    int([
      C.SOCK_DGRAM,
      C.SOCK_STREAM,
      C.SOCK_SEQPACKET,
      C.SOCK_RAW,
      C.SOCK_DGRAM | C.SOCK_NONBLOCK,
      0,
      99,
    ]),
    int([0, 0, C.IPPROTO_UDP, C.IPPROTO_TCP, C.IPPROTO_ICMP, 255]),
  ],
  socketpair: () => [
    int([C.AF_UNIX, C.AF_UNIX, C.AF_INET, 46, -1]),
    int([C.SOCK_STREAM, C.SOCK_DGRAM, C.SOCK_SEQPACKET, C.SOCK_STREAM | C.SOCK_CLOEXEC, 0, 99]),
    int([0, 0, 1, 255]),
  ],
  shutdown: () => [fd(), int([C.SHUT_RD, C.SHUT_WR, C.SHUT_RDWR, 3, 1000])],
  // Mostly invalid fds: closing the pool's would leave little to fuzz with.
  close: () => [
    pool.size > 0 && chance(0.2) ? pick([...pool]) : chance(0.7) ? pick(INVALID_FDS) : badValue(),
  ],
  bind: () => [fd(), address()],
  listen: () => [fd(), int([0, 1, 5, C.SOMAXCONN, 2 ** 31 - 1, -(2 ** 31)])],
  accept: () => [fd(), outAddress(), addrlenBox()],
  accept4: () => [fd(), outAddress(), addrlenBox(), acceptFlags()],
  connect: () => [fd(), address()],
  getsockname: () => [fd(), outAddress(), addrlenBox()],
  getpeername: () => [fd(), outAddress(), addrlenBox()],
  send: () => {
    const buf = buffer();
    return [fd(), buf, maybeBad(lengthFor(buf)), flags()];
  },
  sendto: () => {
    const buf = buffer();
    let dest = chance(0.2) ? pick([undefined, null]) : address();
    if (chance(0.05)) {
      // A port getter that detaches buf: the binding must take buf's pointer after it.
      dest = {
        sin_family: C.AF_INET,
        get sin_port() {
          detach(buf);
          return 0;
        },
        sin_addr: { s_addr: sAddr(127, 0, 0, 1) },
      };
    }
    return [fd(), buf, maybeBad(lengthFor(buf)), flags(), dest];
  },
  write: () => {
    const buf = buffer();
    return [fd(), buf, maybeBad(lengthFor(buf))];
  },
  recv: () => {
    const buf = buffer();
    return [fd(), buf, maybeBad(lengthFor(buf)), flags()];
  },
  recvfrom: () => {
    const buf = buffer();
    const box = chance(0.05) ? detachingBox(buf) : addrlenBox();
    return [fd(), buf, maybeBad(lengthFor(buf)), flags(), outAddress(), box];
  },
  read: () => {
    const buf = buffer();
    return [fd(), buf, maybeBad(lengthFor(buf))];
  },
  setsockopt: () => {
    const [level, name] = pick(OPTIONS);
    const value = optionValue();
    const args = [fd(), maybeBad(level, 0.05), maybeBad(name, 0.05), value];
    if (chance(0.3)) args.push(lengthFor(value));
    return args;
  },
  sendmsg: () => [fd(), msghdr(true), flags()],
  recvmsg: () => [fd(), msghdr(false), flags()],
  if_nametoindex: () => [maybeBad(pick(['lo', 'nosuch0', '', 'x'.repeat(20), 'a\0b']))],
  if_indextoname: () => {
    const args = [maybeBad(pick([1, 0, -1, 2 ** 31 - 1, 999999]))];
    if (chance(0.5)) args.push(chance(0.8) ? bytesFilled(pick([0, 1, 15, 16, 64])) : badValue());
    return args;
  },
  getsockopt: () => {
    const [level, name] = pick(OPTIONS);
    const args = [fd(), maybeBad(level, 0.05), maybeBad(name, 0.05)];
    if (chance(0.5)) {
      const buf = chance(0.8) ? bytesFilled(pick([0, 1, 4, 8, 16, 104, 256])) : buffer();
      args.push(buf);
      if (chance(0.5)) args.push(lengthFor(buf));
    }
    return args;
  },
  getaddrinfo: () => {
    // Only localhost and numeric addresses: AI_NUMERICHOST for everything but localhost,
    // which is asked for IPv4 only (/etc/hosts may have no ::1 line, and then the
    // resolver would ask DNS).
    const node = pick([
      null,
      undefined,
      'localhost',
      '127.0.0.1',
      '::1',
      '127.1',
      '0',
      '::ffff:127.0.0.1',
      // 127.0.0.1 (inet_aton reads 0x0…07f as 127) in the 1,024 bytes the scratch holds with
      // its NUL (NI_MAXHOST), one byte more (then a byte view), and far longer.
      `0x${'0'.repeat(1014)}7f.0.0.1`,
      `0x${'0'.repeat(1015)}7f.0.0.1`,
      `0x${'0'.repeat(20000)}7f.0.0.1`,
      'a\0b',
      5,
      {},
    ]);
    const service = pick([
      null,
      undefined,
      '0',
      '80',
      '65535',
      '65536',
      '-1',
      'x\0',
      80,
      [],
      // Port 80 in the 31 bytes the scratch holds with its NUL (NI_MAXSERV), and in 32.
      `${'0'.repeat(29)}80`,
      `${'0'.repeat(30)}80`,
    ]);
    let hints = pick([
      () => null,
      () => undefined,
      () => ({}),
      () => ({
        ai_flags: flagsOf(),
        ai_family: pick([C.AF_UNSPEC, C.AF_INET, C.AF_INET6, C.AF_UNIX, 46, -1, 1.5]),
        ai_socktype: pick([0, C.SOCK_STREAM, C.SOCK_DGRAM, C.SOCK_RAW, 99, NaN]),
        ai_protocol: pick([0, C.IPPROTO_TCP, C.IPPROTO_UDP, 255, -1, 'x']),
      }),
      () => 'hints',
    ])();
    if (node === 'localhost') {
      hints = {
        ...(typeof hints === 'object' && hints ? hints : {}),
        ai_family: pick([C.AF_UNSPEC, C.AF_INET]),
      };
    }
    return [node, service, hints];
  },
  getnameinfo: () => [
    address(),
    // Always NI_NUMERICHOST | NI_NUMERICSERV: no reverse look-up.
    pick([0, C.NI_NAMEREQD, C.NI_DGRAM, C.NI_NOFQDN, below(2 ** 31), -(2 ** 31)]) |
      C.NI_NUMERICHOST |
      C.NI_NUMERICSERV,
  ],
  gai_strerror: () => [int([0, C.EAI_NONAME, C.EAI_SYSTEM, -1000, 1000, 2 ** 31 - 1])],
  gethostbyname: () => [
    pick(['localhost', '127.0.0.1', '127.1', '0', '1.2.3.4', 'a\0b', 5, null, undefined, {}]),
  ],
  gethostbyaddr: () => {
    // A reverse look-up only for 127.0.0.1 with its exact length and type (in /etc/hosts;
    // ::1 may not be, and would go to DNS). Every other call is rejected before the
    // resolver: by the binding (bad arguments) or by the C library (length and type
    // disagree, unknown type).
    switch (below(3)) {
      case 0:
        return [Uint8Array.of(127, 0, 0, 1), 4, C.AF_INET];
      case 1: {
        const addr = pick([Uint8Array.of(127, 0, 0, 1), s6([1])]);
        return [addr, pick([0, 1, 3]), pick([C.AF_INET, C.AF_INET6, 46])];
      }
      default: {
        const addr = pick([
          badValue(),
          detachedBytes(4),
          new Uint8Array(0),
          Uint8Array.of(127, 0, 0, 1),
        ]);
        return [
          addr,
          pick([5, 17, -1, 0.5, NaN, 2 ** 32, undefined]),
          pick([C.AF_INET, 'x', undefined]),
        ];
      }
    }
  },
  get_h_errno: () => (chance(0.1) ? [badValue()] : []),
  herror: () => [
    chance(0.5) ? pick([null, undefined, 'fuzz', 'a\0b', 'é', 'x'.repeat(300)]) : badValue(),
  ],
  hstrerror: () => [int([0, 1, 4, -1, 1000, 2 ** 31 - 1])],
  inet_pton: () => [
    int([C.AF_INET, C.AF_INET6, C.AF_UNIX, 0, 46]),
    maybeBad(
      pick([
        '127.0.0.1',
        '::1',
        '1.2.3',
        '::ffff:1.2.3.4',
        '',
        '256.1.1.1',
        'x'.repeat(1000),
        'a\0b',
        '١٢٧.0.0.1',
      ]),
    ),
    pick([
      {},
      {},
      new Uint8Array(0),
      new Uint8Array(3),
      new Uint8Array(4),
      new Uint8Array(16),
      new Uint8Array(17),
      detachedBytes(16),
      Object.freeze({}),
      5,
      null,
      new Uint16Array(8),
    ]),
  ],
  inet_ntop: () => {
    const args = [
      int([C.AF_INET, C.AF_INET6, C.AF_UNIX, 0, 46]),
      pick([
        () => ({ s_addr: pick(LOOPBACK_S_ADDRS) }),
        () => ({ s6_addr: LOOPBACK6() }),
        () => buffer(),
        () => ({ s_addr: -1 }),
        () => badValue(),
      ])(),
    ];
    if (chance(0.5))
      args.push(pick([undefined, 0, 1, 7, 16, 46, 64, 2 ** 32 - 1, 2 ** 32, -1, NaN]));
    return args;
  },
  inet_aton: () => [
    maybeBad(pick(['127.0.0.1', '127.1', '0x7f.1', '1.2.3.4.5', '', 'a\0b', ' 1.2.3.4'])),
    pick([{}, {}, Object.freeze({}), null, new Uint8Array(4), 5]),
  ],
  inet_ntoa: () => [
    pick([
      () => ({ s_addr: pick(LOOPBACK_S_ADDRS) }),
      () => ({ s_addr: 2 ** 32 }),
      () => buffer(),
      () => badValue(),
    ])(),
  ],
  inet_addr: () => [maybeBad(pick(['127.0.0.1', '255.255.255.255', '1.2.3', 'x', '', 'a\0b']))],
  strerror: () => [int([0, 1, C.EINVAL, C.EAGAIN, 133, 134, 10000, -1, -(2 ** 31), 2 ** 31 - 1])],
  perror: () => {
    const args = [chance(0.7) ? pick([null, undefined, 'fuzz', '', 'a\0b']) : badValue()];
    if (chance(0.6)) args.push(int([0, C.EINVAL, 10000, -1, 2 ** 31 - 1]));
    return args;
  },
  get_errno: () => (chance(0.1) ? [badValue()] : []),
  malloc_trim: () => [maybeBad(pick([0, 0, 1, 4096, 2 ** 20, 2 ** 32, 2 ** 53 - 1, -1, 0.5]))],
  fcntl: () => {
    const cmd = int([C.F_GETFL, C.F_GETFD, C.F_SETFD, C.F_SETFL, 0, 99, -1]);
    // F_SETFL keeps O_NONBLOCK (a pool fd must never block) and never sets O_ASYNC; a bad
    // value is one the binding refuses (not an int: a number like 100000 would be taken).
    const arg =
      cmd === C.F_SETFL
        ? pick([C.O_NONBLOCK, C.O_NONBLOCK | C.O_RDWR, 0.5, NaN, '2048', undefined])
        : maybeBad(pick([0, C.FD_CLOEXEC, -1, 2 ** 31 - 1]));
    const args = [fd(), cmd, arg];
    return chance(0.1) ? args.slice(0, 2) : args;
  },
  // Timeouts are 0 or refused by the binding: a pool fd may never become ready.
  poll: () => [pollfds(), pick([0, 0, 0, 0.5, NaN, 2 ** 31, '0', undefined])],
  select: () => [
    int([0, 1, 64, 1024, 1025, -1, 2 ** 31 - 1]),
    fdSet(),
    fdSet(),
    fdSet(),
    pick([
      () => ({ tv_sec: 0, tv_usec: 0 }),
      () => ({ tv_sec: 0, tv_usec: 0 }),
      () => ({ tv_sec: pick([-1, 0.5, NaN, '0']), tv_usec: 0 }),
      () => ({ tv_sec: 0, tv_usec: pick([-1, 1000000, 0.5]) }),
      () => ({ tv_sec: 0 }),
      () => 5,
    ])(),
  ],
};

function acceptFlags() {
  return int([
    0,
    C.SOCK_NONBLOCK,
    C.SOCK_CLOEXEC,
    C.SOCK_NONBLOCK | C.SOCK_CLOEXEC,
    1,
    2 ** 31 - 1,
  ]);
}

/** A struct pollfd array: the pool's fds, -1 (skipped), fds that are not open. */
function pollfds() {
  if (chance(0.1)) return pick([badValue(), [5], [null], new Array(3)]);
  const entries = [];
  for (let n = below(5); n > 0; n--) {
    entries.push({
      fd: maybeBad(pick([...(pool.size ? [pick([...pool])] : []), -1, 100000, -(2 ** 31)])),
      events: maybeBad(
        pick([C.POLLIN, C.POLLOUT, C.POLLIN | C.POLLOUT | C.POLLPRI, 0, -1, 0x7fff, 0x8000]),
      ),
      revents: pick([0, undefined, 'x']),
    });
  }
  return entries;
}

/** An fd_set { fds_bits }: pool fds, all bits, or the wrong size; or null. */
function fdSet() {
  return pick([
    () => null,
    () => undefined,
    () => {
      const fds_bits = new Uint8Array(128);
      for (const s of pool) if (s < 1024 && chance(0.5)) fds_bits[s >> 3] |= 1 << (s & 7);
      return { fds_bits };
    },
    () => ({ fds_bits: new Uint8Array(128) }),
    () => ({
      fds_bits: pick([
        new Uint8Array(127),
        new Uint8Array(129),
        detachedBytes(128),
        new Uint32Array(32),
      ]),
    }),
    () => ({}),
    () => badValue(),
  ])();
}

function flagsOf() {
  return (
    pick([
      0,
      C.AI_PASSIVE,
      C.AI_CANONNAME,
      C.AI_NUMERICHOST,
      C.AI_ADDRCONFIG,
      C.AI_V4MAPPED | C.AI_ALL,
      0x7fffffff,
    ]) | C.AI_NUMERICHOST
  );
}

/**
 * A struct msghdr. Its control buffer is null or zeros (a cmsg_len of 0, refused), never
 * random bytes: an SCM_RIGHTS message could pass fds of Node's own to a socket of the pool.
 */
function msghdr(sending) {
  const iov = [];
  for (let i = below(4); i > 0; i--) {
    const buf = buffer();
    iov.push(chance(0.95) ? { iov_base: buf, iov_len: maybeBad(lengthFor(buf)) } : badValue());
  }
  const msg = {
    msg_name: sending ? (chance(0.5) ? address() : null) : chance(0.5) ? {} : null,
    msg_iov: chance(0.95) ? iov : badValue(),
    msg_control: chance(0.3) ? new Uint8Array(pick([0, 8, 16, 64])) : null,
    msg_flags: 0,
  };
  if (chance(0.3)) msg.msg_namelen = maybeBad(pick([0, 16, 28, 110, 128]));
  if (chance(0.3)) msg.msg_iovlen = maybeBad(pick([0, iov.length, iov.length + 1]));
  if (chance(0.3)) msg.msg_controllen = maybeBad(pick([0, 8, 16, 64, 65]));
  return chance(0.97) ? msg : badValue();
}

// ---- the fuzzer's own sockets -----------------------------------------------------------

const NONBLOCK = C.SOCK_NONBLOCK | C.SOCK_CLOEXEC;
let poolCounter = 0;

function openPool() {
  const loopback4 = {
    sin_family: C.AF_INET,
    sin_port: 0,
    sin_addr: { s_addr: sAddr(127, 0, 0, 1) },
  };
  const loopback6 = { sin6_family: C.AF_INET6, sin6_port: 0, sin6_addr: { s6_addr: s6([1]) } };
  const open = (domain, type, local, listening) => {
    const s = api.socket(domain, type | NONBLOCK, 0);
    pool.add(s);
    if (local) {
      api.bind(s, local);
      if (listening) api.listen(s, 8);
      const name = api.getsockname(s);
      if (name.sin_port || name.sin6_port) ownPorts.set(s, name.sin_port || name.sin6_port);
    }
    return s;
  };
  open(C.AF_INET, C.SOCK_DGRAM, loopback4);
  open(C.AF_INET, C.SOCK_DGRAM, null);
  open(C.AF_INET, C.SOCK_STREAM, loopback4, true);
  open(C.AF_INET, C.SOCK_STREAM, null);
  try {
    open(C.AF_INET6, C.SOCK_DGRAM, loopback6);
    open(C.AF_INET6, C.SOCK_STREAM, loopback6, true);
  } catch {
    // no IPv6 on this machine: the IPv4 and Unix sockets remain
  }
  poolCounter++;
  const unixName = (kind) => ({
    sun_family: C.AF_UNIX,
    sun_path: path.join(tmpDir, `pool-${kind}${poolCounter}`),
  });
  open(C.AF_UNIX, C.SOCK_DGRAM, unixName('d'));
  open(C.AF_UNIX, C.SOCK_STREAM, unixName('s'), true);
  for (const type of [C.SOCK_STREAM, C.SOCK_DGRAM]) {
    for (const s of api.socketpair(C.AF_UNIX, type | NONBLOCK, 0)) pool.add(s);
  }
}

// ---- checking outcomes -----------------------------------------------------------------

/** A value as text, without running its getters (one detaches a buffer). */
function describe(value, depth = 0) {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…(${value.length})` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength})`;
  if (depth > 2) return '{…}';
  const fields = Object.entries(Object.getOwnPropertyDescriptors(value)).map(
    ([key, d]) => `${key}: ${'value' in d ? describe(d.value, depth + 1) : '[getter]'}`,
  );
  return `${Array.isArray(value) ? 'array' : ''}{${fields.join(', ')}}`;
}

const tallies = {};
let calls = 0;

function fail(name, args, message) {
  console.error(
    `fuzz: FAIL seed=${seed} call #${calls} ${name}(${args.map(describe).join(', ')}): ${message}`,
  );
  process.exit(3);
}

function classify(name, args, error) {
  if (error instanceof FuzzOwnError) return 'own';
  if (error instanceof TypeError || error instanceof RangeError) {
    if (!error.message.startsWith(`${name}: `)) {
      fail(name, args, `${error.constructor.name} does not name the function: ${error.message}`);
    }
    return error.constructor.name;
  }
  if (error instanceof Error && typeof error.errno === 'number' && typeof error.code === 'string') {
    if (error.syscall !== name) fail(name, args, `errno error with syscall ${error.syscall}`);
    return error.code;
  }
  fail(name, args, `unexpected throw: ${error && error.stack ? error.stack : describe(error)}`);
  return 'unreachable';
}

function closeReturned(name, result) {
  if (returnsFd.has(name) && typeof result === 'number' && result >= 0) api.close(result);
  if (returnsFdPair.has(name) && Array.isArray(result)) result.forEach((s) => api.close(s));
}

function call(name, args) {
  if (trace) fs.writeSync(2, `fuzz: #${calls} ${name}(${args.map(describe).join(', ')})\n`);
  calls++;
  const tally = (tallies[name] ??= { calls: 0, outcomes: {} });
  tally.calls++;
  let outcome = 'returned';
  try {
    const result = api[name](...args);
    closeReturned(name, result);
  } catch (error) {
    outcome = classify(name, args, error);
  }
  tally.outcomes[outcome] = (tally.outcomes[outcome] || 0) + 1;
  if (name === 'close' && outcome === 'returned') {
    pool.delete(args[0]);
    ownPorts.delete(args[0]);
  }
}

// ---- bsd-sockets/promises: the same calls, waiting in the event loop ------------------

// The package's promise entry: the calls of bsd-sockets/promises, each with an AbortSignal
// the fuzzer fires at the end of a round for whatever is still waiting.
const promises = require(path.join(dist, 'promises', 'index.js'));
const outstanding = new Map(); // controller → name, promises not settled yet

const promiseGenerators = {
  // poll(fds, timeout): the wait happens in the event loop, so any timeout is safe; long
  // ones are aborted at the end of the round like every other waiter.
  poll: () => [pollfds(), pick([0, -1, 1, 5, 2 ** 31 - 1, 0.5, NaN])],
};

function promiseArgs(name) {
  if (promiseGenerators[name]) return promiseGenerators[name]();
  return generators[name]();
}

function callPromise(name, args) {
  const fn = promises[name];
  // The options come last, after every optional C argument (addrlen of connect/sendto).
  const positional = fn.length - 1;
  args = args.slice(0, positional);
  while (args.length < positional) args.push(undefined);
  // Always a signal (a call without one could wait forever: poll([], -1)); sometimes one
  // already aborted, which rejects at once.
  const controller = new AbortController();
  if (chance(0.03)) controller.abort(new FuzzOwnError('aborted before the call'));
  args.push({ signal: controller.signal });
  if (trace)
    fs.writeSync(2, `fuzz: #${calls} promises.${name}(${args.map(describe).join(', ')})\n`);
  calls++;
  const key = `promises.${name}`;
  const tally = (tallies[key] ??= { calls: 0, outcomes: {} });
  tally.calls++;
  const count = (outcome) => (tally.outcomes[outcome] = (tally.outcomes[outcome] || 0) + 1);
  let result;
  try {
    result = fn(...args);
  } catch (error) {
    count(`sync ${classify(name, args, error)}`);
    return;
  }
  if (!(result instanceof Promise)) {
    fail(name, args, `returned ${describe(result)}, not a promise`);
  }
  outstanding.set(controller, name);
  result.then(
    (value) => {
      outstanding.delete(controller);
      closeReturned(name, value);
      count('resolved');
    },
    (error) => {
      outstanding.delete(controller);
      count(
        `rejected ${error && error.name === 'AbortError' ? 'aborted' : classify(name, args, error)}`,
      );
    },
  );
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function cancelOutstanding() {
  for (const controller of [...outstanding.keys()]) controller.abort(new FuzzOwnError('cancelled'));
  await turn();
}

function openFds() {
  return fs
    .readdirSync('/proc/self/fd')
    .map(Number)
    .sort((a, b) => a - b);
}

async function main() {
  // Every function of the root entry that has a generator; the native functions of the
  // same name must all have one (a new export without a generator fails here).
  const functions = Object.keys(generators).filter((k) => typeof api[k] === 'function');
  const promiseFunctions = Object.keys(promises).filter(
    (k) => typeof promises[k] === 'function' && k !== 'AbortError',
  );
  const missing = [
    ...Object.keys(native).filter(
      (k) => typeof native[k] === 'function' && typeof api[k] === 'function' && !generators[k],
    ),
    ...promiseFunctions
      .filter((k) => !generators[k] && !promiseGenerators[k])
      .map((k) => `promises.${k}`),
  ];
  if (missing.length > 0) {
    console.error(`fuzz: no generator for ${missing.join(', ')}: add one to fuzz-child.cjs`);
    process.exit(4);
  }
  console.log(
    `fuzz: seed ${seed} (set FUZZ_SEED=${seed} to replay), ` +
      `${functions.length} functions, ${promiseFunctions.length} promise functions`,
  );

  // The promises' epoll fd is created by their first call and lives as long as the
  // process: made before the fds are counted.
  await promises.poll([], 0);
  const fdsBefore = openFds();
  const home = process.cwd();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-fuzz-'));
  process.chdir(tmpDir);
  const started = Date.now();
  let round = 0;
  try {
    openPool();
    const more = () => round < rounds && (round < minRounds || Date.now() - started < budgetMs);
    for (; more(); round++) {
      if (pool.size < 6) openPool();
      for (const name of functions) call(name, generators[name]());
      for (const name of promiseFunctions) callPromise(name, promiseArgs(name));
      // The event loop runs: ready waiters make their calls, some settle.
      await turn();
      if (outstanding.size > 200) await cancelOutstanding();
    }
    await cancelOutstanding();
  } finally {
    for (const s of pool) api.close(s);
    pool.clear();
    process.chdir(home);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  await turn();
  if (outstanding.size > 0) {
    console.error(`fuzz: FAIL ${outstanding.size} promises still pending after cancel and close`);
    process.exit(6);
  }
  const fdsAfter = openFds();
  if (fdsAfter.join(',') !== fdsBefore.join(',')) {
    console.error(`fuzz: FAIL fds before ${fdsBefore} after ${fdsAfter}`);
    process.exit(5);
  }
  console.log(JSON.stringify({ seed, rounds: round, calls, ms: Date.now() - started, tallies }));
}

main().catch((error) => {
  console.error(`fuzz: FAIL seed=${seed}: ${error && error.stack}`);
  process.exit(7);
});
