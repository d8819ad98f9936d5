// What a failing call throws (errno, code, syscall, the C library's message), strerror, and
// perror, whose output is compared byte for byte with what C prints.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  EADDRINUSE,
  SOCK_DGRAM,
  bind,
  close,
  connect,
  isErrnoError,
  perror,
  recv,
  send,
  sendto,
  strerror,
} from '../src/index';
import { OpenSockets, loopback4, udp4 } from './helpers/addresses';
import { runScript } from './helpers/child';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

// No fd can have this number: the kernel caps descriptors below fs.nr_open (at most 2^30).
const NEVER_OPEN = 2 ** 31 - 1;

describe('the thrown error', () => {
  it('is an Error with errno, code, syscall and the text perror prints', () => {
    const first = udp4(sockets);
    const second = sockets.open(AF_INET, SOCK_DGRAM);
    const error = expectErrno(() => bind(second, loopback4(first.port)), 'EADDRINUSE', 'bind');
    expect(error).toBeInstanceOf(Error);
    expect(error.errno).toBe(98); // Linux's value: the C value, not Node's negative one
    expect(error.errno).toBe(EADDRINUSE);
    expect(error.message).toBe('bind: Address already in use');
    expect(error.stack).toContain('bind: Address already in use');
    expect(isErrnoError(error)).toBe(true);
    expect(isErrnoError(new Error('bind: Address already in use'))).toBe(false);
  });

  it('EBADF from every kind of call on an fd that is not open', () => {
    const buf = Buffer.alloc(4);
    expectErrno(() => close(NEVER_OPEN), 'EBADF', 'close');
    expectErrno(() => bind(NEVER_OPEN, loopback4()), 'EBADF', 'bind');
    expectErrno(() => send(NEVER_OPEN, buf, 4, 0), 'EBADF', 'send');
    expectErrno(() => recv(NEVER_OPEN, buf, 4, 0), 'EBADF', 'recv');
  });

  it('EINVAL: binding a socket that is already bound', () => {
    const { fd } = udp4(sockets);
    expectErrno(() => bind(fd, loopback4()), 'EINVAL', 'bind');
  });

  it('EAFNOSUPPORT: a sockaddr_in6 given to an AF_INET socket', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    const six = { sin6_family: 10, sin6_port: 0, sin6_addr: { s6_addr: new Uint8Array(16) } };
    expectErrno(() => bind(fd, six), 'EAFNOSUPPORT', 'bind');
  });

  it('ECONNREFUSED on a connected UDP socket, after the ICMP port unreachable', () => {
    const gone = udp4(sockets);
    sockets.close(gone.fd);
    const client = udp4(sockets);
    connect(client.fd, loopback4(gone.port));
    send(client.fd, Buffer.from('anyone?'), 7, 0);
    expectErrno(() => recv(client.fd, Buffer.alloc(8), 8, 0), 'ECONNREFUSED', 'recv');
  });

  it('EDESTADDRREQ: sendto with a NULL address on an unconnected UDP socket', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(() => sendto(fd, Buffer.from('x'), 1, 0, null), 'EDESTADDRREQ', 'sendto');
  });
});

describe('strerror', () => {
  it('is the C library’s text', () => {
    expect(strerror(0)).toBe('Success');
    expect(strerror(EADDRINUSE)).toBe('Address already in use');
    expect(strerror(12345)).toBe('Unknown error 12345');
  });
});

describe('perror', () => {
  it('prints exactly what C’s perror prints, for the last failure or a caught error', async () => {
    const child = await runScript(`
      const bsd = require(process.env.BSD_SOCKETS_ENTRY);
      const lo = (port) => ({ sin_family: bsd.AF_INET, sin_port: bsd.htons(port), sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
      bsd.perror('before');                  // errno is still 0
      const a = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
      bsd.bind(a, lo(0));
      const port = bsd.ntohs(bsd.getsockname(a).sin_port);
      const b = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
      let caught;
      try { bsd.bind(b, lo(port)); } catch (e) { caught = e; }
      bsd.perror('bind');
      bsd.close(a);                          // a success leaves errno alone, as in C
      bsd.perror('bind', caught);
      bsd.perror(null);
      try { bsd.getaddrinfo('localhost', null, { ai_flags: bsd.AI_NUMERICHOST }); } catch (e) { caught = e; }
      bsd.perror('getaddrinfo', caught);
    `);
    expect(child.status).toBe(0);
    expect(child.stderr).toBe(
      'before: Success\n' +
        'bind: Address already in use\n' +
        'bind: Address already in use\n' +
        'Address already in use\n' +
        'getaddrinfo: Name or service not known\n',
    );
    expect(child.stdout).toBe('');
  });

  it('refuses an error that did not come from a call of this package', () => {
    expect(() => perror('x', new Error('x'))).toThrow(TypeError);
    expect(() => perror('x', new Error('x'))).toThrow(/^perror: /);
  });
});
