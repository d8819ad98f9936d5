// getaddrinfo, getnameinfo, gai_strerror, gethostbyname, gethostbyaddr, herror, hstrerror,
// inet_*, strerror, perror through both entries: bsd-sockets/c returns C's value (errno and
// h_errno in the scratch memory), the root entry throws. Only `localhost` and numeric
// addresses; the failures ask no resolver (see hostent.test.ts).
import { inspect } from 'node:util';

import { describe, expect, it, vi } from 'vitest';

import * as root from '../../src/index';
import * as c from '../../src/c/addrinfo';
import * as ch from '../../src/c/hostent';
import * as ci from '../../src/c/inet';
import * as cs from '../../src/c/strerror';
import { native } from '../../src/binding';
import { Scratch, packed_addrinfo } from '../../src/layout';
import { decode_sockaddr } from '../../src/struct/sockaddr';
import { get_errno, get_h_errno, set_errno } from '../../src/scratch';
import { runScript } from '../helpers/child';
import { expectErrno, expectGaiError } from '../helpers/expect-error';

const {
  AF_INET,
  AF_INET6,
  AI_CANONNAME,
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

  it('a list longer than Scratch::gai_list comes back in its own ArrayBuffer: the whole list', () => {
    // AI_CANONNAME of a numeric node: ai_canonname is the node as given. inet_aton reads
    // 0x0…07f as 127 (strtoul, base 0), so a node of 17,000 bytes (past NI_MAXHOST too: it
    // goes as a byte view) packs to more than the 16,384 bytes of the scratch's list.
    const node = `0x${'0'.repeat(17_000)}7f.0.0.1`;
    const res: c.addrinfo_ptr = { value: null };
    const hints = { ai_flags: numeric | AI_CANONNAME, ai_socktype: SOCK_DGRAM };
    expect(c.getaddrinfo(node, '80', hints, res)).toBe(0);
    expect(res.value).toMatchObject({ ai_family: AF_INET, ai_canonname: node, ai_next: null });
    expect(res.value!.ai_addr).toEqual({
      ss_family: AF_INET,
      sa_family: AF_INET,
      ...lo,
      sin_port: root.htons(80),
    });
    // Native returned the list in a buffer of its own size (the packed record, the name, its
    // NUL, padding to 8), and the scratch's list was left as it was.
    const call = native as unknown as { getaddrinfo(node: Uint8Array, s: null): unknown };
    const args = new Int32Array(native.scratch as ArrayBuffer);
    const at = Scratch.gai_args.offset / 4;
    args.set([2, 0, 1, numeric | AI_CANONNAME, 0, SOCK_DGRAM, 0], at);
    const before = new Uint8Array(
      native.scratch as ArrayBuffer,
      Scratch.gai_list.offset,
      64,
    ).slice();
    const packed = call.getaddrinfo(Buffer.from(`${node}\0`), null);
    expect(packed).toBeInstanceOf(ArrayBuffer);
    expect((packed as ArrayBuffer).byteLength).toBe(
      Math.ceil((packed_addrinfo.size + node.length + 1) / 8) * 8,
    );
    expect(new Uint8Array(native.scratch as ArrayBuffer, Scratch.gai_list.offset, 64)).toEqual(
      before,
    );
  });

  it('ai_addr is what decode_sockaddr makes of the same bytes: fields, order, prototypes, inspect', () => {
    const scratch = native.scratch as ArrayBuffer;
    const m = { view: new DataView(scratch), bytes: new Uint8Array(scratch) };
    const res: c.addrinfo_ptr = { value: null };
    for (const node of ['127.0.0.1', '::1', 'fe80::1%1', '::ffff:127.0.0.1']) {
      expect(c.getaddrinfo(node, '8080', { ai_flags: numeric, ai_socktype: SOCK_DGRAM }, res)).toBe(
        0,
      );
      const ai = res.value!;
      const at = Scratch.gai_list.offset + packed_addrinfo.ai_addr.offset;
      const expected = {};
      decode_sockaddr(m, at, ai.ai_addrlen, packed_addrinfo.ai_addr.size, expected);
      expect(ai.ai_addr).toStrictEqual(expected);
      expect(Object.keys(ai.ai_addr)).toEqual(Object.keys(expected));
      expect(inspect(ai.ai_addr)).toBe(inspect(expected));
      const inner = (a: object): object =>
        (a as { sin_addr?: object; sin6_addr?: object }).sin_addr ??
        (a as { sin6_addr: object }).sin6_addr;
      expect(Object.getPrototypeOf(inner(ai.ai_addr))).toBe(Object.getPrototypeOf(inner(expected)));
      expect(Object.getPrototypeOf(ai.ai_addr)).toBe(Object.prototype);
    }
    expect(inspect(res.value!.ai_addr)).toContain(
      'sin6_addr: inet_pton(AF_INET6, "::ffff:127.0.0.1")',
    );
  });

  it('two instances of the module in one thread share one scratch: each call resolves its own node', async () => {
    // vi.resetModules, a cleared require.cache or a bundler's second copy load the module
    // again, and the same addon (Node caches it): no state of one instance may say what the
    // scratch holds.
    vi.resetModules();
    const source = (name: string): string => `../../src/${name}`; // by value: tsc leaves it be
    const other = (await import(source('c/addrinfo'))) as typeof c;
    const otherBinding = (await import(source('binding'))) as { native: typeof native };
    expect(other).not.toBe(c);
    expect(otherBinding.native.scratch).toBe(native.scratch);
    const family = (m: typeof c, node: string): number => {
      const res: c.addrinfo_ptr = { value: null };
      expect(m.getaddrinfo(node, '80', { ai_flags: numeric }, res)).toBe(0);
      return res.value!.ai_family;
    };
    expect([
      family(c, '::1'),
      family(other, '127.0.0.1'),
      family(c, '::1'),
      family(other, '127.0.0.1'),
      family(other, '::1'),
      family(c, '127.0.0.1'),
    ]).toEqual([AF_INET6, AF_INET, AF_INET6, AF_INET, AF_INET6, AF_INET]);
  });

  it('native refuses a byte view that is not NUL-terminated (C would read past it)', () => {
    const call = native as unknown as { getaddrinfo(node: Uint8Array, s: null): unknown };
    const args = new Int32Array(native.scratch as ArrayBuffer);
    args.set([2, 0, 0, 0, 0, 0, 0], Scratch.gai_args.offset / 4);
    expect(() => call.getaddrinfo(Buffer.from('127.0.0.1'), null)).toThrow(
      /getaddrinfo: argument 1 \(node\) must hold a NUL-terminated string/,
    );
  });

  it('native ends the text of the scratch with a NUL whatever is written there', () => {
    // Every byte of Scratch::gai_node written non-zero: C reads NI_MAXHOST - 1 of them
    // (native makes the last one a NUL), never past the room; a name, so EAI_NONAME.
    const call = native as unknown as { getaddrinfo(): unknown };
    const args = new Int32Array(native.scratch as ArrayBuffer);
    args.set([1, 0, 1, AI_NUMERICHOST, 0, 0, 0], Scratch.gai_args.offset / 4);
    const room = new Uint8Array(native.scratch as ArrayBuffer, Scratch.gai_node.offset, NI_MAXHOST);
    const saved = room.slice(); // put back as it was
    try {
      room.fill(0x78);
      expect(call.getaddrinfo()).toBeUndefined();
      expect(new Float64Array(native.scratch as ArrayBuffer)[Scratch.result.offset / 8]).toBe(
        EAI_NONAME,
      );
      expect(room[NI_MAXHOST - 1]).toBe(0);
    } finally {
      room.set(saved);
    }
  });

  it('the same node and service again, after others and after one that did not fit: each its own', () => {
    const res: c.addrinfo_ptr = { value: null };
    const resolvedTo = (node: string, service: string): [number, number] => {
      expect(
        c.getaddrinfo(node, service, { ai_flags: numeric, ai_socktype: SOCK_DGRAM }, res),
      ).toBe(0);
      const sa = res.value!.ai_addr;
      return [res.value!.ai_family, root.ntohs(sa.sin_port ?? sa.sin6_port!)];
    };
    expect(resolvedTo('127.0.0.1', '80')).toEqual([AF_INET, 80]);
    expect(resolvedTo('127.0.0.1', '80')).toEqual([AF_INET, 80]);
    expect(resolvedTo('::1', '80')).toEqual([AF_INET6, 80]);
    expect(resolvedTo('127.0.0.1', '81')).toEqual([AF_INET, 81]);
    // 600 two-byte characters: TextEncoder fills the room with 1,024 of their 1,200 bytes
    // before they are found too long (a byte view then): the room no longer holds 127.0.0.1.
    const wide = 'é'.repeat(600);
    expect(c.getaddrinfo(wide, '81', { ai_flags: numeric }, res)).toBe(EAI_NONAME);
    expect(c.getaddrinfo('127.0.0.1', wide, { ai_flags: numeric }, res)).toBe(EAI_NONAME);
    expect(resolvedTo('127.0.0.1', '81')).toEqual([AF_INET, 81]);
    // A string too long for the room leaves the last one there, and goes as a byte view
    // each time it is given.
    const long = `0x${'0'.repeat(2000)}7f.0.0.1`;
    expect(resolvedTo('::1', '80')).toEqual([AF_INET6, 80]);
    expect(resolvedTo(long, '80')).toEqual([AF_INET, 80]);
    expect(resolvedTo(long, '80')).toEqual([AF_INET, 80]);
    // A string equal to the last one but not the same object: the same check, the same bytes.
    const built = ['127', '0', '0', '1'].join('.');
    expect(resolvedTo(built, String(81))).toEqual([AF_INET, 81]);
  });

  it('node and service as C reads them: UTF-8 and a NUL in the scratch, up to NI_MAXHOST and NI_MAXSERV bytes', () => {
    const room = (field: 'gai_node' | 'gai_service'): string => {
      const bytes = new Uint8Array(
        native.scratch as ArrayBuffer,
        Scratch[field].offset,
        Scratch[field].size,
      );
      return Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString();
    };
    const res: c.addrinfo_ptr = { value: null };
    for (const text of ['é.example', '日本.example', '\u{1F600}', 'a\uD800b']) {
      expect(c.getaddrinfo(text, text, { ai_flags: numeric }, res)).toBe(EAI_NONAME);
      // A lone surrogate is U+FFFD, as TextEncoder and Buffer.from write it.
      expect(room('gai_node')).toBe(Buffer.from(text).toString());
      expect(room('gai_service')).toBe(Buffer.from(text).toString());
    }
    // The longest texts the rooms hold, and one byte more (then a byte view): C reads them
    // whole either way: 0x0…07f is 127, 0…080 is port 80.
    for (const extra of [0, 1]) {
      const node = `0x${'0'.repeat(NI_MAXHOST - 1 - '0x7f.0.0.1'.length + extra)}7f.0.0.1`;
      const service = `${'0'.repeat(NI_MAXSERV - 1 - 2 + extra)}80`;
      expect(Buffer.byteLength(node)).toBe(NI_MAXHOST - 1 + extra);
      expect(Buffer.byteLength(service)).toBe(NI_MAXSERV - 1 + extra);
      expect(
        c.getaddrinfo(node, service, { ai_flags: numeric, ai_socktype: SOCK_DGRAM }, res),
      ).toBe(0);
      expect(res.value!.ai_addr).toEqual({
        ss_family: AF_INET,
        sa_family: AF_INET,
        ...lo,
        sin_port: root.htons(80),
      });
      // Two-byte characters that do not fit: a byte view too, the same outcome.
      const wide = 'é'.repeat(NI_MAXSERV / 2);
      expect(c.getaddrinfo('127.0.0.1', wide, { ai_flags: numeric }, res)).toBe(EAI_NONAME);
    }
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
