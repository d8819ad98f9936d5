// getaddrinfo re-entered from the caller's own code, through the root entry, bsd-sockets/c
// and both as ES modules (issue 21, items 5 and 6).
//
// node, service and hints cross to C in the thread's scratch memory (native/boundary.h,
// Scratch::gai_args, gai_node, gai_service), and the list comes back in it
// (Scratch::gai_list). A getter of hints, a Proxy, or a setter of the `res` box can make
// another getaddrinfo in the middle of a call. In C each call has its own arguments: the
// outer call must resolve exactly what its own arguments say, and hand back its own list.
// Every field of hints is read before anything is written into the scratch; the list is
// decoded before `res.value` is stored.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import * as root from '../../src/index';
import * as c from '../../src/c/index';
import { childEnv, repoRoot } from '../helpers/child';

const { AF_INET, AF_INET6, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE } = c;
const { SOCK_DGRAM, SOCK_STREAM } = c;
const numeric = AI_NUMERICHOST | AI_NUMERICSERV;

/** An entry's getaddrinfo as the root gives it: the list, or a throw. */
type Resolve = (
  node: string | null,
  service: string | null,
  hints: c.addrinfo_hints | null,
) => c.addrinfo;

const entries: [string, Resolve][] = [
  ['root', (node, service, hints) => root.getaddrinfo(node, service, hints)],
  [
    'bsd-sockets/c',
    (node, service, hints) => {
      const res: c.addrinfo_ptr = { value: null };
      const rc = c.getaddrinfo(node, service, hints, res);
      if (rc !== 0) throw new Error(`getaddrinfo: ${c.gai_strerror(rc)}`);
      return res.value!;
    },
  ],
];

/** A list as plain data: per entry, its family, socket type, address, port, canonname. */
function summary(list: c.addrinfo): [number, number, string | null, number, string | null][] {
  return [...list].map((ai) => {
    const sa = ai.ai_addr;
    const family = ai.ai_family;
    const address =
      family === AF_INET
        ? c.inet_ntop(AF_INET, sa.sin_addr!)
        : c.inet_ntop(AF_INET6, sa.sin6_addr!);
    const port = c.ntohs(family === AF_INET ? sa.sin_port! : sa.sin6_port!);
    return [family, ai.ai_socktype, address, port, ai.ai_canonname];
  });
}

/** 127.0.0.1 with a node of `length` bytes (0x0…07f: inet_aton reads 127, strtoul base 0). */
const longLoopback = (length: number): string =>
  `0x${'0'.repeat(length - '0x7f.0.0.1'.length)}7f.0.0.1`;

describe.each(entries)('getaddrinfo through %s', (_entry, resolve) => {
  it('a hints.ai_socktype getter that resolves ::1 port 9: the outer call resolves its own node and service', () => {
    const inner: unknown[] = [];
    const hints = {
      ai_flags: numeric,
      get ai_socktype(): number {
        inner.push(summary(resolve('::1', '9', { ai_flags: numeric, ai_socktype: SOCK_DGRAM })));
        return SOCK_STREAM;
      },
    };
    expect(summary(resolve('127.0.0.1', '8080', hints))).toEqual([
      [AF_INET, SOCK_STREAM, '127.0.0.1', 8080, null],
    ]);
    expect(inner).toEqual([[[AF_INET6, SOCK_DGRAM, '::1', 9, null]]]);
  });

  it('a NULL node and service stay NULL after a getter resolves a node and a service', () => {
    // The inner call leaves its node and service in the scratch; the outer call passes
    // C's NULL node (AI_PASSIVE: the wildcard address) and its own service.
    const hints = {
      ai_family: AF_INET,
      ai_socktype: SOCK_STREAM,
      get ai_flags(): number {
        resolve('127.0.0.1', '8080', { ai_flags: numeric | AI_CANONNAME });
        return AI_PASSIVE | AI_NUMERICSERV;
      },
    };
    expect(summary(resolve(null, '53', hints))).toEqual([
      [AF_INET, SOCK_STREAM, '0.0.0.0', 53, null],
    ]);
    // hints NULL after calls that had hints (the scratch still holds theirs): C's defaults,
    // AF_UNSPEC and every socket type.
    expect(summary(resolve('127.0.0.1', null, null)).map((e) => e[1])).toEqual([
      SOCK_STREAM,
      SOCK_DGRAM,
      c.SOCK_RAW,
    ]);
  });

  it('a node that is an object with toString: refused, never converted (no code of the caller runs)', () => {
    let ran = false;
    const node = {
      toString(): string {
        ran = true;
        return '::1';
      },
    };
    expect(() => resolve(node as unknown as string, null, null)).toThrow(
      /^getaddrinfo: node must be a string, got /,
    );
    expect(ran).toBe(false);
  });

  it('a Proxy whose every read resolves a long name: the outer call is its own', () => {
    // Each inner call passes a node longer than the scratch holds (a byte view) with
    // AI_CANONNAME; the outer's ai_canonname stays NULL, its node and port its own.
    const long = longLoopback(3000);
    let reads = 0;
    const hints = new Proxy(
      { ai_flags: numeric, ai_family: AF_INET6, ai_socktype: SOCK_DGRAM, ai_protocol: 0 },
      {
        get(target, key: string): unknown {
          reads++;
          const list = resolve(long, '7', { ai_flags: numeric | AI_CANONNAME });
          expect(list.ai_canonname).toBe(long);
          return target[key as keyof typeof target];
        },
      },
    );
    expect(summary(resolve('::1', '4242', hints))).toEqual([
      [AF_INET6, SOCK_DGRAM, '::1', 4242, null],
    ]);
    expect(reads).toBe(4);
  });

  it('a getter that resolves while the outer node is too long for the scratch: both get their own', () => {
    const long = longLoopback(2000);
    const hints = {
      ai_flags: numeric | AI_CANONNAME,
      get ai_socktype(): number {
        expect(
          summary(resolve('::1', '1', { ai_flags: numeric, ai_socktype: SOCK_STREAM })),
        ).toEqual([[AF_INET6, SOCK_STREAM, '::1', 1, null]]);
        return SOCK_DGRAM;
      },
    };
    expect(summary(resolve(long, '99', hints))).toEqual([
      [AF_INET, SOCK_DGRAM, '127.0.0.1', 99, long],
    ]);
  });
});

describe('getaddrinfo through bsd-sockets/c: the res box', () => {
  it('a res.value setter that resolves: the outer list was decoded first, the box gets it', () => {
    const stored: c.addrinfo[] = [];
    const res = {} as c.addrinfo_ptr;
    Object.defineProperty(res, 'value', {
      get: () => stored[stored.length - 1] ?? null,
      set(list: c.addrinfo) {
        const inner: c.addrinfo_ptr = { value: null };
        expect(
          c.getaddrinfo('::1', '9', { ai_flags: numeric, ai_socktype: SOCK_DGRAM }, inner),
        ).toBe(0);
        expect(summary(inner.value!)).toEqual([[AF_INET6, SOCK_DGRAM, '::1', 9, null]]);
        stored.push(list);
      },
    });
    const hints = { ai_flags: numeric, ai_socktype: SOCK_STREAM };
    expect(c.getaddrinfo('127.0.0.1', '8080', hints, res)).toBe(0);
    expect(stored).toHaveLength(1);
    expect(summary(stored[0])).toEqual([[AF_INET, SOCK_STREAM, '127.0.0.1', 8080, null]]);
  });
});

describe('getaddrinfo as ES modules', () => {
  it("bsd-sockets and bsd-sockets/c by import: a hints getter's own call changes nothing", () => {
    const source = `
import { getaddrinfo, ntohs, AI_NUMERICHOST, AI_NUMERICSERV, SOCK_STREAM, SOCK_DGRAM } from 'bsd-sockets';
import * as c from 'bsd-sockets/c';
const numeric = AI_NUMERICHOST | AI_NUMERICSERV;
const seen = [];
const port = (ai) => ntohs(ai.ai_family === c.AF_INET ? ai.ai_addr.sin_port : ai.ai_addr.sin6_port);
const hints = (inner) => ({
  ai_flags: numeric,
  get ai_socktype() { seen.push(port(inner())); return SOCK_STREAM; },
});
const a = getaddrinfo('127.0.0.1', '8080', hints(() => getaddrinfo('::1', '9', { ai_flags: numeric })));
const res = { value: null };
const rc = c.getaddrinfo(null, '53', hints(() => {
  const r = { value: null };
  c.getaddrinfo('0x${'0'.repeat(1500)}7f.0.0.1', '7', { ai_flags: numeric | c.AI_CANONNAME, ai_socktype: SOCK_DGRAM }, r);
  return r.value;
}), res);
const b = res.value;
console.log(JSON.stringify([seen, port(a), c.inet_ntop(c.AF_INET, a.ai_addr.sin_addr), a.ai_next,
  rc, port(b), c.inet_ntop(c.AF_INET6, b.ai_addr.sin6_addr) ?? c.inet_ntop(c.AF_INET, b.ai_addr.sin_addr), b.ai_canonname]));
`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
      cwd: repoRoot,
      env: childEnv(),
      timeout: 30_000,
      killSignal: 'SIGKILL',
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    // The NULL node without AI_PASSIVE: the loopback address (::1 first when AF_UNSPEC).
    expect(JSON.parse(r.stdout)).toEqual([[9, 7], 8080, '127.0.0.1', null, 0, 53, '::1', null]);
  });
});
