// Bad arguments of every kind throw a TypeError (wrong type, missing) or a RangeError (NaN,
// fraction, negative, too large, beyond the buffer) whose message starts with the function's
// name — before any system call is made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as api from '../src/index';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  MSG_DONTWAIT,
  SOCK_DGRAM,
  SOL_SOCKET,
  SO_LINGER,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  getsockname,
  recv,
  socket,
} from '../src/index';
import { loopback4, udp4, OpenSockets } from './helpers/addresses';
import { expectArgError } from './helpers/expect-error';

const sockets = new OpenSockets();
let fd: number;
beforeAll(() => (fd = sockets.open(AF_INET, SOCK_DGRAM)));
afterAll(() => sockets.closeAll());

const buf = Buffer.alloc(10);
const T = TypeError;
const R = RangeError;

// The calls go through `any`: they are wrong on purpose, as a JavaScript caller may write.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bsd = api as any;

type Case = [string, () => unknown, typeof TypeError | typeof RangeError, RegExp];

const cases: Case[] = [
  // integers: missing, strings, NaN, out of range, fractions
  ['socket', () => bsd.socket(), T, /domain must be an integer, got undefined/],
  ['socket', () => bsd.socket('2', SOCK_DGRAM, 0), T, /domain must be an integer, got a string/],
  ['socket', () => bsd.socket(NaN, SOCK_DGRAM, 0), R, /domain must be an integer in/],
  ['socket', () => bsd.socket(2 ** 40, SOCK_DGRAM, 0), R, /got 1099511627776/],
  ['socketpair', () => bsd.socketpair(AF_UNIX, SOCK_DGRAM), T, /protocol must be an integer/],
  ['close', () => bsd.close(), T, /fd must be an integer, got undefined/],
  [
    'close',
    () => bsd.close(2 ** 31),
    R,
    /fd must be an integer in \[-2147483648, 2147483647\], got 2147483648/,
  ],
  ['close', () => bsd.close(1.5), R, /got 1\.5/],
  ['close', () => bsd.close(2 ** 40), R, /got 1099511627776/],
  ['shutdown', () => bsd.shutdown(fd, 'SHUT_WR'), T, /how must be an integer/],
  ['listen', () => bsd.listen(fd, 1.5), R, /backlog must be an integer in/],
  ['strerror', () => bsd.strerror('98'), T, /errnum must be an integer/],
  ['gai_strerror', () => bsd.gai_strerror(1.5), R, /errcode must be an integer in/],
  ['hstrerror', () => bsd.hstrerror(), T, /err must be an integer/],

  // buffers and lengths
  ['send', () => bsd.send(fd, buf, 11, 0), R, /^send: len \(11\) exceeds buf\.byteLength \(10\)$/],
  [
    'send',
    () => bsd.send(fd, [1, 2], 2, 0),
    T,
    /buf must be a Uint8Array, a Buffer or a string, got an array/,
  ],
  ['send', () => bsd.send(fd, new Uint16Array(4), 2, 0), T, /buf must be a Uint8Array/],
  ['send', () => bsd.send(fd, new ArrayBuffer(4), 2, 0), T, /buf must be a Uint8Array/],
  ['send', () => bsd.send(fd, 'abc', 4, 0), R, /^send: len \(4\) exceeds buf\.byteLength \(3\)$/],
  ['recv', () => bsd.recv(fd, 'abc', 1, 0), T, /buf must be a Uint8Array or Buffer, got a string/],
  ['send', () => bsd.send(fd, buf, -1, 0), R, /len must be a non-negative integer, got -1/],
  ['send', () => bsd.send(fd, buf, NaN, 0), R, /len must be a non-negative integer, got NaN/],
  ['send', () => bsd.send(fd, buf, 1.5, 0), R, /len must be a non-negative integer, got 1\.5/],
  ['send', () => bsd.send(fd, buf, 1, '0'), T, /flags must be an integer, got a string/],
  ['sendto', () => bsd.sendto(fd, buf, 2 ** 40, 0, null), R, /len \(1099511627776\) exceeds/],
  ['recv', () => bsd.recv(fd, buf, 11, 0), R, /len \(11\) exceeds buf\.byteLength \(10\)/],
  ['recvfrom', () => bsd.recvfrom(fd, buf, 11, 0, null), R, /len \(11\) exceeds/],
  ['read', () => bsd.read(fd, buf, 11), R, /count \(11\) exceeds buf\.byteLength \(10\)/],
  ['write', () => bsd.write(fd, buf), T, /count must be an integer, got undefined/],
  [
    'write',
    () => bsd.write(fd, new DataView(new ArrayBuffer(4)), 4),
    T,
    /buf must be a Uint8Array/,
  ],
  [
    'gethostbyaddr',
    () => bsd.gethostbyaddr(new Uint8Array(4), 5, AF_INET),
    R,
    /len \(5\) exceeds addr\.byteLength \(4\)/,
  ],
  [
    'gethostbyaddr',
    () => bsd.gethostbyaddr([127, 0, 0, 1], 4, AF_INET),
    T,
    /addr must be a Uint8Array/,
  ],

  // input addresses
  ['bind', () => bsd.bind(fd), T, /addr must be a socket address object .*got undefined/],
  ['bind', () => bsd.bind(fd, { sin_port: 0 }), T, /addr has no address family/],
  [
    'bind',
    () => bsd.bind(fd, { ss_family: 99 }),
    R,
    /addr\.ss_family 99 is not AF_INET, AF_INET6 or AF_UNIX/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sin_family: AF_INET, sin_port: 70000, sin_addr: { s_addr: 0 } }),
    R,
    /addr\.sin_port must be an integer in \[0, 65535\], got 70000/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sin_family: AF_INET, sin_port: '80', sin_addr: { s_addr: 0 } }),
    T,
    /addr\.sin_port must be an integer, got a string/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sin_family: AF_INET, sin_port: 0 }),
    T,
    /addr\.sin_addr must be an object, got undefined/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: -1 } }),
    R,
    /addr\.sin_addr\.s_addr must be an integer in \[0, 4294967295\]/,
  ],
  [
    'bind',
    () =>
      bsd.bind(fd, {
        sin6_family: AF_INET6,
        sin6_port: 0,
        sin6_addr: { s6_addr: new Uint8Array(15) },
      }),
    R,
    /addr\.sin6_addr\.s6_addr must hold 16 bytes, got 15/,
  ],
  [
    'bind',
    () =>
      bsd.bind(fd, {
        sin6_family: AF_INET6,
        sin6_port: 0,
        sin6_addr: { s6_addr: new Array(16).fill(0) },
      }),
    T,
    /s6_addr must be a Uint8Array/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sun_family: AF_UNIX, sun_path: 'x'.repeat(108) }),
    R,
    /addr\.sun_path is 108 bytes, at most 107 fit in sun_path/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sun_family: AF_UNIX, sun_path: new Uint8Array(109) }),
    R,
    /addr\.sun_path is 109 bytes, at most 108 fit/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sun_family: AF_UNIX, sun_path: '/tmp/a\0b' }),
    T,
    /addr\.sun_path must not contain a NUL byte/,
  ],
  [
    'bind',
    () => bsd.bind(fd, { sun_family: AF_UNIX, sun_path: 42 }),
    T,
    /sun_path must be a string or a Uint8Array, got a number/,
  ],
  ['connect', () => bsd.connect(fd, null), T, /addr must be a socket address object .*got null/],
  [
    'sendto',
    () => bsd.sendto(fd, buf, 1, 0, '127.0.0.1'),
    T,
    /dest_addr must be a socket address object .*got a string/,
  ],
  ['getnameinfo', () => bsd.getnameinfo(null, 0), T, /addr must be a socket address object/],
  ['getnameinfo', () => bsd.getnameinfo(loopback4(), 'x'), T, /flags must be an integer/],

  // output addresses and socklen_t boxes
  [
    'recvfrom',
    () => bsd.recvfrom(fd, buf, 1, 0, 5),
    T,
    /addr must be an object to fill .* or null, got a number/,
  ],
  [
    'recvfrom',
    () => bsd.recvfrom(fd, buf, 1, 0, new Uint8Array(16)),
    T,
    /addr must be an object to fill/,
  ],
  [
    'recvfrom',
    () => bsd.recvfrom(fd, buf, 1, 0, {}, 16),
    T,
    /addrlen must be a socklen_t box \{ value: number \}, got a number/,
  ],
  [
    'recvfrom',
    () => bsd.recvfrom(fd, buf, 1, 0, {}, { value: 129 }),
    R,
    /addrlen\.value must be an integer in \[0, 128\], got 129/,
  ],
  ['accept', () => bsd.accept(fd, 'addr'), T, /addr must be an object to fill/],
  [
    'getsockname',
    () => bsd.getsockname(fd, {}, { value: -1 }),
    R,
    /addrlen\.value must be an integer in \[0, 128\]/,
  ],
  [
    'getpeername',
    () => bsd.getpeername(fd, {}, { value: '16' }),
    T,
    /addrlen\.value must be an integer, got a string/,
  ],

  // socket options
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR),
    T,
    /optval must be a number \(int\), .* got undefined/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, '1'),
    T,
    /optval must be a number .* got a string/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1.5),
    R,
    /optval must be an integer in/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 2 ** 40),
    R,
    /optval must be an integer in/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 1 }),
    T,
    /optval\.tv_usec must be an integer, got undefined/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 0.5, tv_usec: 0 }),
    R,
    /optval\.tv_sec must be an integer/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_LINGER, { l_onoff: 1 }),
    T,
    /optval\.l_linger must be an integer/,
  ],
  [
    'setsockopt',
    () => bsd.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new Uint8Array(4), 5),
    R,
    /optlen \(5\) exceeds optval\.byteLength \(4\)/,
  ],
  [
    'getsockopt',
    () => bsd.getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, [0, 0, 0, 0]),
    T,
    /optval must be a Uint8Array/,
  ],
  [
    'getsockopt',
    () => bsd.getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new Uint8Array(4), 8),
    R,
    /optlen \(8\) exceeds optval\.byteLength \(4\)/,
  ],
  [
    'getsockopt',
    () => bsd.getsockopt(fd, 'SOL_SOCKET', SO_REUSEADDR),
    T,
    /level must be an integer/,
  ],

  // strings that reach C: types, and no NUL inside (C would stop there)
  [
    'getaddrinfo',
    () => bsd.getaddrinfo('local\0host', null, null),
    T,
    /node must not contain a NUL byte/,
  ],
  [
    'getaddrinfo',
    () => bsd.getaddrinfo('127.0.0.1', '80\0', null),
    T,
    /service must not contain a NUL byte/,
  ],
  ['getaddrinfo', () => bsd.getaddrinfo(127, null, null), T, /node must be a string, got a number/],
  [
    'getaddrinfo',
    () => bsd.getaddrinfo('127.0.0.1', null, 'hints'),
    T,
    /hints must be an object or null/,
  ],
  [
    'getaddrinfo',
    () => bsd.getaddrinfo('127.0.0.1', null, { ai_flags: '1' }),
    T,
    /hints\.ai_flags must be an integer/,
  ],
  [
    'getaddrinfo',
    () => bsd.getaddrinfo('127.0.0.1', null, { ai_family: NaN }),
    R,
    /hints\.ai_family must be an integer in/,
  ],
  ['gethostbyname', () => bsd.gethostbyname('local\0host'), T, /name must not contain a NUL byte/],
  ['gethostbyname', () => bsd.gethostbyname(), T, /name must be a string, got undefined/],
  [
    'inet_pton',
    () => bsd.inet_pton(AF_INET, '1.2.3.4\0', {}),
    T,
    /src must not contain a NUL byte/,
  ],
  [
    'inet_pton',
    () => bsd.inet_pton(AF_INET, '1.2.3.4', 5),
    T,
    /dst must be an in_addr, an in6_addr or a Uint8Array/,
  ],
  [
    'inet_pton',
    () => bsd.inet_pton(AF_INET6, '::1', new Uint8Array(4)),
    R,
    /dst must hold at least 16 bytes, got 4/,
  ],
  [
    'inet_ntop',
    () => bsd.inet_ntop(AF_INET6, new Uint8Array(4)),
    R,
    /src must hold at least 16 bytes, got 4/,
  ],
  ['inet_ntop', () => bsd.inet_ntop(AF_INET, '1.2.3.4'), T, /src must be an in_addr \{ s_addr \}/],
  [
    'inet_ntop',
    () => bsd.inet_ntop(AF_INET6, { s6_addr: new Uint8Array(15) }),
    R,
    /src\.s6_addr must hold 16 bytes, got 15/,
  ],
  [
    'inet_aton',
    () => bsd.inet_aton('1.2.3.4'),
    T,
    /inp must be an in_addr object to fill, got undefined/,
  ],
  [
    'inet_ntoa',
    () => bsd.inet_ntoa({ s_addr: 2 ** 32 }),
    R,
    /in\.s_addr must be an integer in \[0, 4294967295\]/,
  ],
  ['inet_addr', () => bsd.inet_addr(), T, /cp must be a string, got undefined/],
  ['perror', () => bsd.perror(5), T, /s must be a string, got a number/],
  ['herror', () => bsd.herror(5), T, /s must be a string, got a number/],

  // the TypeScript helpers
  ['freeaddrinfo', () => bsd.freeaddrinfo({}), T, /res must be a list returned by getaddrinfo/],
  [
    'as_in_addr',
    () => bsd.as_in_addr(new Uint8Array(3)),
    R,
    /bytes must hold at least 4 bytes, got 3/,
  ],
  ['as_in6_addr', () => bsd.as_in6_addr([1]), T, /bytes must be a Uint8Array/],
  [
    'perror',
    () => bsd.perror('x', { errno: 98 }),
    T,
    /err must be an error thrown by a bsd-sockets call/,
  ],
];

describe('bad arguments', () => {
  const named = cases.map(([fn, call, kind, message]) => ({
    title: `${fn}: ${kind.name} ${String(message)}`,
    fn,
    call,
    kind,
    message,
  }));
  it.each(named)('$title', ({ fn, call, kind, message }) => {
    expectArgError(call, kind, fn, message);
  });

  it('cover every function of the syscall layer (issue 2), byte order aside', () => {
    // htons, ntohs, htonl, ntohl: in byteorder.test.ts. isErrnoError accepts any value.
    const layer = [
      'socket',
      'socketpair',
      'bind',
      'listen',
      'accept',
      'connect',
      'send',
      'recv',
      'sendto',
      'recvfrom',
      'read',
      'write',
      'close',
      'shutdown',
      'getsockname',
      'getpeername',
      'setsockopt',
      'getsockopt',
      'getaddrinfo',
      'freeaddrinfo',
      'gai_strerror',
      'getnameinfo',
      'gethostbyname',
      'gethostbyaddr',
      'herror',
      'hstrerror',
      'inet_pton',
      'inet_ntop',
      'inet_aton',
      'inet_ntoa',
      'inet_addr',
      'strerror',
      'perror',
      'as_in_addr',
      'as_in6_addr',
    ];
    const covered = new Set(cases.map(([fn]) => fn));
    expect(layer.filter((name) => !covered.has(name))).toEqual([]);
    expect(layer.filter((name) => typeof bsd[name] !== 'function')).toEqual([]);
  });
});

describe('a refused call never reaches the kernel', () => {
  it('bind with port 70000 leaves the socket unbound; sendto past the buffer sends nothing', () => {
    const fresh = sockets.add(socket(AF_INET, SOCK_DGRAM, 0));
    expect(() =>
      api.bind(fresh, { sin_family: AF_INET, sin_port: 70000, sin_addr: { s_addr: 0 } }),
    ).toThrow(RangeError);
    expect(getsockname(fresh).sin_port).toBe(0);
    expect(getsockname(fresh).sin_addr).toEqual({ s_addr: 0 });

    const server = udp4(sockets);
    expect(() => api.sendto(fresh, buf, 11, 0, loopback4(server.port))).toThrow(RangeError);
    expect(() => recv(server.fd, buf, 10, MSG_DONTWAIT)).toThrow(
      expect.objectContaining({ code: 'EAGAIN' }),
    );
  });
});

describe('what C compiles reaches the kernel as written', () => {
  it('close(-1): EBADF, as in C and CPython’s os.close', () => {
    expect(() => api.close(-1)).toThrow(expect.objectContaining({ code: 'EBADF', errno: 9 }));
  });

  it('recvfrom(fd, buf, 1, MSG_DONTWAIT, NULL, &len): the call is made (EAGAIN), len untouched', () => {
    const addrlen = { value: 16 };
    expect(() => api.recvfrom(fd, buf, 1, MSG_DONTWAIT, null, addrlen)).toThrow(
      expect.objectContaining({ code: 'EAGAIN', syscall: 'recvfrom' }),
    );
    expect(addrlen.value).toBe(16);
  });

  it('send(fd, "abc", 3, 0): a string is its UTF-8 bytes, as a C literal is', () => {
    const server = udp4(sockets);
    const client = sockets.open(AF_INET, SOCK_DGRAM);
    api.connect(client, loopback4(server.port));
    expect(api.send(client, 'reçu', 5, 0)).toBe(5);
    const got = Buffer.alloc(8);
    expect(recv(server.fd, got, 8, MSG_DONTWAIT)).toBe(5);
    expect(got.subarray(0, 5)).toEqual(Buffer.from('reçu'));
  });
});
