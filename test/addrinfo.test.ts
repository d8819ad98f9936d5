// getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo. Only `localhost` and numeric
// addresses are used: the machine's resolver is not ours to query.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  AF_PACKET,
  AF_UNSPEC,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  EAI_BADFLAGS,
  EAI_FAMILY,
  EAI_NONAME,
  EAI_SERVICE,
  EAI_SOCKTYPE,
  INADDR_ANY,
  INADDR_LOOPBACK,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NI_DGRAM,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  freeaddrinfo,
  gai_strerror,
  getaddrinfo,
  getnameinfo,
  htonl,
  htons,
  inet_ntop,
  recvfrom,
  sendto,
  socket,
  type addrinfo,
} from '../src/index';
import {
  OpenSockets,
  in6addr_loopback,
  loopback4,
  loopback6,
  mappedLoopback,
  udp4,
} from './helpers/addresses';
import { expectGaiError } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** The list walked as C walks it: `for (rp = result; rp != NULL; rp = rp->ai_next)`. */
function walk(result: addrinfo): addrinfo[] {
  const entries: addrinfo[] = [];
  for (let rp: addrinfo | null = result; rp !== null && entries.length < 64; rp = rp.ai_next) {
    entries.push(rp);
  }
  return entries;
}

describe('getaddrinfo', () => {
  it('AI_PASSIVE with a NULL node: the wildcard address, ready for bind', () => {
    const result = getaddrinfo(null, '8080', {
      ai_flags: AI_PASSIVE,
      ai_family: AF_INET,
      ai_socktype: SOCK_STREAM,
    });
    expect(walk(result)).toHaveLength(1);
    expect(result).toMatchObject({
      ai_flags: AI_PASSIVE,
      ai_family: AF_INET,
      ai_socktype: SOCK_STREAM,
      ai_protocol: IPPROTO_TCP,
      ai_addrlen: 16,
      ai_canonname: null,
      ai_next: null,
    });
    // An output address carries sa_family too, as `rp->ai_addr->sa_family` reads it.
    expect(result.ai_addr).toEqual({
      ss_family: AF_INET,
      sa_family: AF_INET,
      sin_family: AF_INET,
      sin_port: htons(8080),
      sin_addr: { s_addr: htonl(INADDR_ANY) },
    });

    const six = getaddrinfo(null, '8080', { ai_flags: AI_PASSIVE, ai_family: AF_INET6 });
    for (const ai of six) expect(ai.ai_addr.sin6_addr!.s6_addr).toEqual(new Uint8Array(16));
  });

  it('without AI_PASSIVE, a NULL node means the loopback address', () => {
    const result = getaddrinfo(null, '53', { ai_family: AF_INET, ai_socktype: SOCK_DGRAM });
    expect(result.ai_addr.sin_addr).toEqual({ s_addr: htonl(INADDR_LOOPBACK) });
    const six = getaddrinfo(null, '53', { ai_family: AF_INET6, ai_socktype: SOCK_DGRAM });
    expect(six.ai_addr.sin6_addr!.s6_addr).toEqual(in6addr_loopback());
  });

  it('AI_NUMERICHOST without a socket type: one entry per type; ai_next and iteration agree', () => {
    const result = getaddrinfo('127.0.0.1', '9', { ai_flags: AI_NUMERICHOST });
    const walked = walk(result);
    expect([...result]).toEqual(walked);
    expect([...result].every((ai, i) => ai === walked[i])).toBe(true);
    expect(walked.map((ai) => [ai.ai_socktype, ai.ai_protocol])).toEqual([
      [SOCK_STREAM, IPPROTO_TCP],
      [SOCK_DGRAM, IPPROTO_UDP],
      [SOCK_RAW, 0],
    ]);
    for (const ai of walked) {
      expect(ai.ai_family).toBe(AF_INET);
      expect(ai.ai_addr).toMatchObject(loopback4(9));
    }
    expect(walked[2].ai_next).toBeNull();
  });

  it('AI_NUMERICHOST of ::1 gives a sockaddr_in6 of 28 bytes', () => {
    const result = getaddrinfo('::1', '443', {
      ai_flags: AI_NUMERICHOST,
      ai_socktype: SOCK_STREAM,
    });
    expect(result.ai_family).toBe(AF_INET6);
    expect(result.ai_addrlen).toBe(28);
    expect(result.ai_addr).toMatchObject(loopback6(443));
  });

  it('the entries feed socket() and sendto() as in the C loop', () => {
    const server = udp4(sockets);
    const result = getaddrinfo('127.0.0.1', String(server.port), {
      ai_flags: AI_NUMERICHOST | AI_NUMERICSERV,
      ai_socktype: SOCK_DGRAM,
    });
    const fd = sockets.add(socket(result.ai_family, result.ai_socktype, result.ai_protocol));
    expect(sendto(fd, Buffer.from('gai'), 3, 0, result.ai_addr)).toBe(3);
    expect(recvfrom(server.fd, Buffer.alloc(8), 8, 0, null)).toBe(3);
  });

  it('AI_CANONNAME of localhost: the first entry carries the canonical name', () => {
    const result = getaddrinfo('localhost', null, {
      ai_flags: AI_CANONNAME,
      ai_family: AF_INET,
      ai_socktype: SOCK_STREAM,
    });
    expect(result.ai_canonname).toBe('localhost');
    expect(inet_ntop(AF_INET, result.ai_addr.sin_addr!)).toBe('127.0.0.1');
    // getaddrinfo(3): only the first entry's ai_canonname is set.
    for (const ai of walk(result).slice(1)) expect(ai.ai_canonname).toBeNull();
  });

  it('fails with EAI_NONAME: a name under AI_NUMERICHOST, a name under AI_NUMERICSERV, both NULL', () => {
    expectGaiError(
      () => getaddrinfo('localhost', null, { ai_flags: AI_NUMERICHOST }),
      'EAI_NONAME',
      'getaddrinfo',
    );
    expectGaiError(
      () => getaddrinfo('127.0.0.1', 'http', { ai_flags: AI_NUMERICHOST | AI_NUMERICSERV }),
      'EAI_NONAME',
      'getaddrinfo',
    );
    expectGaiError(() => getaddrinfo(null, null, null), 'EAI_NONAME', 'getaddrinfo');
  });

  it('fails with EAI_SERVICE, EAI_SOCKTYPE, EAI_BADFLAGS, EAI_FAMILY', () => {
    const numeric = AI_NUMERICHOST | AI_NUMERICSERV;
    // A port means nothing to a raw socket.
    expectGaiError(
      () => getaddrinfo('127.0.0.1', '80', { ai_flags: numeric, ai_socktype: SOCK_RAW }),
      'EAI_SERVICE',
      'getaddrinfo',
    );
    expectGaiError(
      () => getaddrinfo('127.0.0.1', '80', { ai_flags: numeric, ai_socktype: 99 }),
      'EAI_SOCKTYPE',
      'getaddrinfo',
    );
    // getaddrinfo(3): AI_CANONNAME with a NULL node is EAI_BADFLAGS.
    expectGaiError(
      () => getaddrinfo(null, '80', { ai_flags: AI_CANONNAME }),
      'EAI_BADFLAGS',
      'getaddrinfo',
    );
    expectGaiError(
      () => getaddrinfo('127.0.0.1', '80', { ai_flags: numeric, ai_family: AF_PACKET }),
      'EAI_FAMILY',
      'getaddrinfo',
    );
  });

  it('freeaddrinfo takes the list (or NULL) and returns nothing', () => {
    const result = getaddrinfo('127.0.0.1', null, {
      ai_flags: AI_NUMERICHOST,
      ai_family: AF_UNSPEC,
    });
    expect(freeaddrinfo(result)).toBeUndefined();
    expect(freeaddrinfo(null)).toBeUndefined();
  });
});

describe('gai_strerror', () => {
  it.each([
    ['EAI_NONAME', EAI_NONAME, 'Name or service not known'],
    ['EAI_SERVICE', EAI_SERVICE, 'Servname not supported for ai_socktype'],
    ['EAI_SOCKTYPE', EAI_SOCKTYPE, 'ai_socktype not supported'],
    ['EAI_BADFLAGS', EAI_BADFLAGS, 'Bad value for ai_flags'],
    ['EAI_FAMILY', EAI_FAMILY, 'ai_family not supported'],
  ])('%s reads as glibc words it', (_name, code, text) => {
    expect(gai_strerror(code)).toBe(text);
  });
});

describe('getnameinfo', () => {
  const numeric = NI_NUMERICHOST | NI_NUMERICSERV;

  it('NI_NUMERICHOST | NI_NUMERICSERV gives the address and port as text, IPv4 and IPv6', () => {
    expect(getnameinfo(loopback4(8080), numeric)).toEqual({ host: '127.0.0.1', serv: '8080' });
    expect(getnameinfo(loopback6(53), numeric)).toEqual({ host: '::1', serv: '53' });
    expect(getnameinfo(loopback6(7, mappedLoopback()), numeric | NI_DGRAM)).toEqual({
      host: '::ffff:127.0.0.1',
      serv: '7',
    });
  });

  it('takes back what getaddrinfo gave', () => {
    const result = getaddrinfo('::1', '4242', { ai_flags: AI_NUMERICHOST, ai_family: AF_INET6 });
    expect(getnameinfo(result.ai_addr, numeric)).toEqual({ host: '::1', serv: '4242' });
  });

  it('fails with EAI_FAMILY for an unknown family and EAI_BADFLAGS for unknown flags', () => {
    const strange = { sin_family: 12345, sin_port: 0, sin_addr: { s_addr: 0 } };
    expectGaiError(() => getnameinfo(strange, numeric), 'EAI_FAMILY', 'getnameinfo');
    expectGaiError(() => getnameinfo(loopback4(), 0x7fff0000), 'EAI_BADFLAGS', 'getnameinfo');
  });
});
