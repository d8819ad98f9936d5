// The `const char *` arguments (src/args.ts, cstring): encoded into a buffer reused from call
// to call. A shorter string after a longer one must end at its own NUL, a string longer than
// the buffer must grow it, getaddrinfo's node and service must not share it, and a getter
// that makes another call between the encoding and the native call must not change what the
// outer call passes. Numeric addresses only: no resolver is asked.
import { describe, expect, it } from 'vitest';

import * as c from '../../src/c/index';
import { encodeCstring } from '../../src/args';
import { expectArgError } from '../helpers/expect-error';

const { AF_INET, AF_INET6, AI_NUMERICHOST, AI_NUMERICSERV, EAI_NONAME, SOCK_STREAM } = c;
const numeric = AI_NUMERICHOST | AI_NUMERICSERV;

/** The first address getaddrinfo answers for a numeric node and service, as text and port. */
function resolved(node: string, service: string): [number, string, number] {
  const res: c.addrinfo_ptr = { value: null };
  const rc = c.getaddrinfo(node, service, { ai_flags: numeric, ai_socktype: SOCK_STREAM }, res);
  if (rc !== 0) return [rc, '', 0];
  const sa = res.value!.ai_addr as c.sockaddr_in | c.sockaddr_in6;
  const text =
    'sin_addr' in sa
      ? c.inet_ntop(AF_INET, sa.sin_addr)!
      : c.inet_ntop(AF_INET6, (sa as c.sockaddr_in6).sin6_addr)!;
  const port = c.ntohs('sin_port' in sa ? sa.sin_port : (sa as c.sockaddr_in6).sin6_port);
  return [rc, text, port];
}

describe('encodeCstring', () => {
  it('writes the UTF-8 bytes and a NUL, also after a longer string in the same buffer', () => {
    expect([...encodeCstring('127.0.0.100')]).toEqual([...Buffer.from('127.0.0.100\0')]);
    expect([...encodeCstring('::1')]).toEqual([0x3a, 0x3a, 0x31, 0]);
    expect([...encodeCstring('é€😀')]).toEqual([...Buffer.from('é€😀\0')]);
    expect([...encodeCstring('')]).toEqual([0]);
  });

  it('grows for a string longer than its buffer, and keeps working for short ones after', () => {
    const long = 'a'.repeat(5000) + '€'.repeat(1000);
    const bytes = encodeCstring(long);
    expect(bytes.length).toBe(5000 + 3000 + 1);
    expect(Buffer.from(bytes.subarray(0, -1)).toString('utf8')).toBe(long);
    expect(bytes[bytes.length - 1]).toBe(0);
    expect([...encodeCstring('lo')]).toEqual([0x6c, 0x6f, 0]);
  });
});

describe('string arguments reaching C', () => {
  it('a short address after a longer one is read up to its own NUL', () => {
    const a = { s_addr: 0 };
    expect(c.inet_pton(AF_INET, '127.0.0.1000', a)).toBe(0);
    expect(c.inet_pton(AF_INET, '127.0.0.1', a)).toBe(1);
    expect(c.inet_ntop(AF_INET, a)).toBe('127.0.0.1');
    expect(c.inet_addr('10.1.2.300')).toBe(c.INADDR_NONE);
    expect(c.ntohl(c.inet_addr('10.1.2.3'))).toBe(0x0a010203);
  });

  it('a string of 6,000 bytes reaches C whole (inet_pton says it is no address)', () => {
    const a = { s6_addr: new Uint8Array(16) };
    expect(c.inet_pton(AF_INET6, '1'.repeat(6000), a)).toBe(0);
    expect(c.inet_pton(AF_INET6, '::1', a)).toBe(1);
    expect([...a.s6_addr]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it("getaddrinfo's node and service are two strings, not one buffer", () => {
    expect(resolved('127.0.0.1', '8080')).toEqual([0, '127.0.0.1', 8080]);
    expect(resolved('::1', '9')).toEqual([0, '::1', 9]);
    expect(resolved('127.0.0.1', '80x')[0]).toBe(EAI_NONAME);
    expect(resolved('127.0.0.1.1', '80')[0]).toBe(EAI_NONAME);
    expect(resolved('10.0.0.2', '80')).toEqual([0, '10.0.0.2', 80]);
  });

  it('a hints getter that calls getaddrinfo does not change the outer call’s node and service', () => {
    const inner: [number, string, number][] = [];
    const hints = {
      ai_socktype: SOCK_STREAM,
      get ai_flags(): number {
        inner.push(resolved('::1', '9'));
        return numeric;
      },
    };
    const res: c.addrinfo_ptr = { value: null };
    expect(c.getaddrinfo('127.0.0.1', '8080', hints, res)).toBe(0);
    expect(inner).toEqual([[0, '::1', 9]]);
    const sa = res.value!.ai_addr as c.sockaddr_in;
    expect(c.inet_ntop(AF_INET, sa.sin_addr)).toBe('127.0.0.1');
    expect(c.ntohs(sa.sin_port)).toBe(8080);
    expect(res.value!.ai_next).toBeNull();
  });

  it('a dst.length getter that calls inet_pton is never run: the engine’s own length is read', () => {
    const other = { s_addr: 0 };
    const dst = new Uint8Array(4);
    let runs = 0;
    Object.defineProperty(dst, 'length', {
      get(): number {
        runs++;
        c.inet_pton(AF_INET, '10.9.8.7', other);
        return 4;
      },
    });
    expect(c.inet_pton(AF_INET, '127.0.0.1', dst)).toBe(1);
    expect([...new Uint8Array(dst.buffer)]).toEqual([127, 0, 0, 1]);
    expect(runs).toBe(0);
    expect(other.s_addr).toBe(0);
  });

  it('a NUL inside a string is still refused with the same message', () => {
    expectArgError(
      () => c.inet_pton(AF_INET, '127.0.0.1\0junk', { s_addr: 0 }),
      TypeError,
      'inet_pton',
      /^inet_pton: src must not contain a NUL byte \(C would stop reading there\)$/,
    );
  });
});
