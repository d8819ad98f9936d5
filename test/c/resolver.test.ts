// getaddrinfo, getnameinfo, gai_strerror, gethostbyname, gethostbyaddr, herror, hstrerror,
// inet_*, strerror, perror through both entries: bsd-sockets/c returns C's value (errno and
// h_errno in the scratch memory), the root entry throws. Only `localhost` and numeric
// addresses; the failures ask no resolver (see hostent.test.ts).
import { describe, expect, it } from 'vitest';

import * as root from '../../src/index';
import * as c from '../../src/c/addrinfo';
import * as ch from '../../src/c/hostent';
import * as ci from '../../src/c/inet';
import * as cs from '../../src/c/strerror';
import { native } from '../../src/binding';
import { get_errno, get_h_errno, set_errno } from '../../src/scratch';
import { runScript } from '../helpers/child';
import { expectErrno, expectGaiError } from '../helpers/expect-error';

const {
  AF_INET,
  AF_INET6,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  EAI_BADFLAGS,
  EAI_NONAME,
  EAFNOSUPPORT,
  EBADF,
  ENOSPC,
  HOST_NOT_FOUND,
  INADDR_NONE,
  NETDB_INTERNAL,
  NI_MAXHOST,
  NI_MAXSERV,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
} = native.constants;
const numeric = AI_NUMERICHOST | AI_NUMERICSERV;
const lo = {
  sin_family: AF_INET,
  sin_port: root.htons(7),
  sin_addr: { s_addr: root.htonl(0x7f000001) },
};
const cstr = (b: Uint8Array): string => Buffer.from(b.subarray(0, b.indexOf(0))).toString();

describe('getaddrinfo', () => {
  it('C: returns 0 and fills the box; the root returns the same list', () => {
    const res: c.addrinfo_ptr = { value: null };
    expect(
      c.getaddrinfo('127.0.0.1', '80', { ai_flags: numeric, ai_socktype: SOCK_DGRAM }, res),
    ).toBe(0);
    const list = res.value!;
    expect(list).toMatchObject({
      ai_family: AF_INET,
      ai_socktype: SOCK_DGRAM,
      ai_addrlen: 16,
      ai_next: null,
    });
    expect(list.ai_addr).toEqual({
      ss_family: AF_INET,
      sa_family: AF_INET,
      ...lo,
      sin_port: root.htons(80),
    });
    expect(
      root.getaddrinfo('127.0.0.1', '80', { ai_flags: numeric, ai_socktype: SOCK_DGRAM }),
    ).toEqual(list);
    expect(c.freeaddrinfo(list)).toBeUndefined();
  });

  it('C: returns the EAI_* code and leaves the box; the root throws it', () => {
    const res: c.addrinfo_ptr = { value: null };
    expect(c.getaddrinfo('localhost', null, { ai_flags: AI_NUMERICHOST }, res)).toBe(EAI_NONAME);
    expect(res.value).toBeNull();
    expect(c.gai_strerror(EAI_NONAME)).toBe('Name or service not known');
    expectGaiError(
      () => root.getaddrinfo('localhost', null, { ai_flags: AI_NUMERICHOST }),
      'EAI_NONAME',
      'getaddrinfo',
    );
  });

  it('a list larger than the thread buffer comes back in its own ArrayBuffer, the same bytes', () => {
    const call = native as unknown as Record<string, (...args: unknown[]) => unknown>;
    const node = Buffer.from('::1\0');
    const small = new Uint8Array(8);
    const big = new Uint8Array(4096);
    const packed = call.getaddrinfo(node, null, 1, AI_NUMERICHOST, 0, 0, 0, small) as ArrayBuffer;
    expect(packed).toBeInstanceOf(ArrayBuffer);
    expect(small).toEqual(new Uint8Array(8));
    expect(call.getaddrinfo(node, null, 1, AI_NUMERICHOST, 0, 0, 0, big)).toBe(0);
    expect(new Uint8Array(packed)).toEqual(big.subarray(0, packed.byteLength));
  });

  it('native refuses a string that is not NUL-terminated (C would read past it)', () => {
    const call = native as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() =>
      call.getaddrinfo(Buffer.from('127.0.0.1'), null, 0, 0, 0, 0, 0, new Uint8Array(512)),
    ).toThrow(/getaddrinfo: argument 1 \(node\) must hold a NUL-terminated string/);
  });
});

describe('getnameinfo', () => {
  it('C: fills the char arrays and returns 0, or returns EAI_*; the root gives strings or throws', () => {
    const host = new Uint8Array(NI_MAXHOST);
    const serv = new Uint8Array(NI_MAXSERV);
    expect(
      c.getnameinfo(
        lo,
        undefined,
        host,
        NI_MAXHOST,
        serv,
        NI_MAXSERV,
        NI_NUMERICHOST | NI_NUMERICSERV,
      ),
    ).toBe(0);
    expect([cstr(host), cstr(serv)]).toEqual(['127.0.0.1', '7']);
    expect(c.getnameinfo(lo, 16, host, NI_MAXHOST, serv, NI_MAXSERV, 0x7fff0000)).toBe(
      EAI_BADFLAGS,
    );
    expect(root.getnameinfo(lo, NI_NUMERICHOST | NI_NUMERICSERV)).toEqual({
      host: '127.0.0.1',
      serv: '7',
    });
    expectGaiError(() => root.getnameinfo(lo, 0x7fff0000), 'EAI_BADFLAGS', 'getnameinfo');
    expect(() => c.getnameinfo(lo, 16, host, NI_MAXHOST + 1, null, 0, 0)).toThrow(RangeError);
  });
});

describe('gethostbyname and gethostbyaddr', () => {
  it('C: null and h_errno, no throw, in both entries; a success leaves h_errno', () => {
    expect(ch.gethostbyaddr({ s6_addr: new Uint8Array(16) }, 16, AF_INET6)).toBeNull();
    expect(get_h_errno()).toBe(HOST_NOT_FOUND);
    expect(ch.gethostbyname('256.1.1.1')).toBeNull();
    expect(get_h_errno()).toBe(HOST_NOT_FOUND);
    expect(root.gethostbyaddr(Uint8Array.of(127, 0, 0, 1), 4, AF_INET6)).toBeNull();
    expect(root.h_errno).toBe(NETDB_INTERNAL);
    expect(get_h_errno()).toBe(NETDB_INTERNAL);
    expect(ch.gethostbyname('192.0.2.7')).toEqual({
      h_name: '192.0.2.7',
      h_aliases: [null],
      h_addrtype: AF_INET,
      h_length: 4,
      h_addr_list: [Uint8Array.of(192, 0, 2, 7), null],
      h_addr: Uint8Array.of(192, 0, 2, 7),
    });
    expect(get_h_errno()).toBe(NETDB_INTERNAL);
    expect(ch.hstrerror(HOST_NOT_FOUND)).toBe('Unknown host');
  });

  it('gethostbyaddr takes an in_addr as (char *)&addr does, or its bytes', () => {
    const byStruct = ch.gethostbyaddr({ s_addr: root.htonl(0x7f000001) }, 4, AF_INET);
    const byBytes = root.gethostbyaddr(Uint8Array.of(127, 0, 0, 1), 4, AF_INET);
    expect(byStruct).toEqual(byBytes);
    expect(() => ch.gethostbyaddr({ s_addr: 0 }, 5, AF_INET)).toThrow(
      /len \(5\) exceeds addr\.byteLength \(4\)/,
    );
  });

  it('a hostent larger than the thread buffer comes back in its own ArrayBuffer', () => {
    const call = native as unknown as Record<string, (...args: unknown[]) => unknown>;
    const packed = call.gethostbyname(Buffer.from('192.0.2.7\0'), new Uint8Array(4)) as ArrayBuffer;
    expect(packed).toBeInstanceOf(ArrayBuffer);
    const out = new Uint8Array(256);
    expect(call.gethostbyname(Buffer.from('192.0.2.7\0'), out)).toBe(1);
    expect(new Uint8Array(packed)).toEqual(out.subarray(0, packed.byteLength));
  });
});

describe('inet_*', () => {
  it('inet_pton: 1, 0, or -1 with errno EAFNOSUPPORT in C; the root throws only for -1', () => {
    const dst = { s_addr: 42 };
    expect(ci.inet_pton(AF_INET, '127.0.0.1', dst)).toBe(1);
    expect(dst.s_addr).toBe(root.htonl(0x7f000001));
    set_errno(EBADF);
    expect(ci.inet_pton(AF_INET, '1.2.3', dst)).toBe(0);
    expect(get_errno()).toBe(EBADF); // 0 is not a failure: errno untouched
    expect(ci.inet_pton(12345, '1.2.3.4', dst)).toBe(-1);
    expect(get_errno()).toBe(EAFNOSUPPORT);
    expect(root.inet_pton(AF_INET, '1.2.3', dst)).toBe(0);
    expectErrno(() => root.inet_pton(12345, '1.2.3.4', dst), 'EAFNOSUPPORT', 'inet_pton');
  });

  it('inet_ntop: the text, or null with ENOSPC; fills a char array; the root throws', () => {
    const text = new Uint8Array(16);
    expect(ci.inet_ntop(AF_INET, { s_addr: root.htonl(0x7f000001) }, text, 16)).toBe('127.0.0.1');
    expect(cstr(text)).toBe('127.0.0.1');
    expect(ci.inet_ntop(AF_INET, Uint8Array.of(1, 2, 3, 4), null, 4)).toBeNull();
    expect(get_errno()).toBe(ENOSPC);
    expect(() => ci.inet_ntop(AF_INET, Uint8Array.of(1, 2, 3, 4), text, 17)).toThrow(RangeError);
    expectErrno(() => root.inet_ntop(AF_INET, Uint8Array.of(1, 2, 3, 4), 4), 'ENOSPC', 'inet_ntop');
  });

  it('inet_aton, inet_ntoa, inet_addr: the same in both entries', () => {
    const inp = { s_addr: 7 };
    expect(ci.inet_aton('1.2.3.4.5', inp)).toBe(0);
    expect(inp.s_addr).toBe(7);
    expect(root.inet_aton('127.1', inp)).toBe(1);
    expect(ci.inet_ntoa(inp)).toBe('127.0.0.1');
    expect(root.inet_ntoa(Uint8Array.of(10, 0, 0, 1))).toBe('10.0.0.1');
    expect(ci.inet_addr('x')).toBe(INADDR_NONE);
    expect(root.inet_addr('127.0.0.1')).toBe(root.htonl(0x7f000001));
  });
});

describe('strerror and perror', () => {
  it('strerror is the C library’s text in both entries', () => {
    expect(cs.strerror(EBADF)).toBe('Bad file descriptor');
    expect(root.strerror(12345)).toBe('Unknown error 12345');
  });

  it('perror prints the program’s errno; the root’s perror(s, err) leaves errno as it was', async () => {
    const child = await runScript(`
      const path = require('node:path');
      const dist = path.dirname(process.env.BSD_SOCKETS_ENTRY);
      const c = require(path.join(dist, 'c', 'strerror.js'));
      const ci = require(path.join(dist, 'c', 'inet.js'));
      const bsd = require(process.env.BSD_SOCKETS_ENTRY);
      ci.inet_pton(12345, '1.2.3.4', {});
      c.perror('c');
      let caught;
      try { bsd.close(-1); } catch (e) { caught = e; }
      ci.inet_pton(12345, '1.2.3.4', {});
      bsd.perror('root', caught);
      bsd.perror('root');
      bsd.herror('herror');
    `);
    expect(child.stderr).toBe(
      'c: Address family not supported by protocol\n' +
        'root: Bad file descriptor\n' +
        'root: Address family not supported by protocol\n' +
        'herror: Resolver Error 0 (no error)\n', // h_errno 0: glibc's words
    );
  });
});
