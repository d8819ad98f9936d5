// gethostbyname, gethostbyaddr, h_errno, herror, hstrerror: the legacy resolver the course
// uses. Only `localhost` and numeric addresses are looked up.
//
// Failures that ask no resolver (checked by strace in strace-calls.test.ts: no socket is
// opened), from glibc's sources:
//   - gethostbyaddr(in6addr_any, 16, AF_INET6): inet/gethstbyad_r.c answers HOST_NOT_FOUND
//     for the unspecified address before consulting any service;
//   - gethostbyaddr(4 bytes, 4, AF_INET6): /etc/hosts has no 4-byte IPv6 address, and the
//     dns service (resolv/nss_dns/dns-host.c) refuses a length shorter than the family's
//     address with NETDB_INTERNAL before building a query.
import { describe, expect, it } from 'vitest';

import * as api from '../src/index';
import {
  AF_INET,
  AF_INET6,
  HOST_NOT_FOUND,
  INADDR_LOOPBACK,
  NETDB_INTERNAL,
  NO_DATA,
  NO_RECOVERY,
  TRY_AGAIN,
  as_in_addr,
  gethostbyaddr,
  gethostbyname,
  h_errno,
  hstrerror,
  htonl,
  inet_ntoa,
} from '../src/index';
import { runScript } from './helpers/child';

const loopbackBytes = Uint8Array.from([127, 0, 0, 1]);

describe('gethostbyname', () => {
  it('localhost: a hostent with 127.0.0.1 as h_addr', () => {
    const host = gethostbyname('localhost');
    expect(host).not.toBeNull();
    expect(host!.h_name).toBe('localhost');
    expect(host!.h_addrtype).toBe(AF_INET);
    expect(host!.h_length).toBe(4);
    expect(host!.h_addr_list).toContainEqual(loopbackBytes);
    // #define h_addr h_addr_list[0]
    expect(host!.h_addr).toBe(host!.h_addr_list[0]);
    // The cast *(struct in_addr *)h->h_addr
    expect(as_in_addr(host!.h_addr!)).toEqual({ s_addr: htonl(INADDR_LOOPBACK) });
    expect(inet_ntoa(as_in_addr(host!.h_addr!))).toBe('127.0.0.1');
  });

  it("h_aliases and h_addr_list end with a null, so that C's `!= NULL` loop ports as it is", () => {
    const host = gethostbyname('localhost')!;
    let i: number;
    for (i = 0; host.h_addr_list[i] !== null; i++) expect(host.h_addr_list[i]).toHaveLength(4);
    expect([i, host.h_addr_list.length, host.h_addr_list[i]]).toEqual([i, i + 1, null]);
    for (i = 0; host.h_aliases[i] !== null; i++) expect(typeof host.h_aliases[i]).toBe('string');
    expect([host.h_aliases.length, host.h_aliases[i]]).toEqual([i + 1, null]);
  });

  it('a dotted address is answered as is, without a look-up', () => {
    expect(gethostbyname('192.0.2.7')).toEqual({
      h_name: '192.0.2.7',
      h_aliases: [null],
      h_addrtype: AF_INET,
      h_length: 4,
      h_addr_list: [Uint8Array.from([192, 0, 2, 7]), null],
      h_addr: Uint8Array.from([192, 0, 2, 7]),
    });
  });
});

describe('gethostbyaddr', () => {
  it('the bytes of 127.0.0.1 name localhost (from /etc/hosts)', () => {
    const host = gethostbyaddr(loopbackBytes, 4, AF_INET);
    expect(host).not.toBeNull();
    expect(host!.h_name).toBe('localhost');
    expect(host!.h_addr).toEqual(loopbackBytes);
  });

  it('returns null and sets h_errno, a live binding, on failure', () => {
    expect(gethostbyaddr(new Uint8Array(16), 16, AF_INET6)).toBeNull();
    expect(h_errno).toBe(HOST_NOT_FOUND);
    expect(gethostbyaddr(loopbackBytes, 4, AF_INET6)).toBeNull();
    expect(h_errno).toBe(NETDB_INTERNAL);
    expect(api.h_errno).toBe(NETDB_INTERNAL);
    expect(gethostbyaddr(new Uint8Array(16), 16, AF_INET6)).toBeNull();
    expect(h_errno).toBe(HOST_NOT_FOUND);
  });
});

describe('hstrerror and herror', () => {
  it.each([
    ['HOST_NOT_FOUND', HOST_NOT_FOUND, 'Unknown host'],
    ['TRY_AGAIN', TRY_AGAIN, 'Host name lookup failure'],
    ['NO_RECOVERY', NO_RECOVERY, 'Unknown server error'],
    ['NO_DATA', NO_DATA, 'No address associated with name'],
    ['NETDB_INTERNAL', NETDB_INTERNAL, 'Resolver internal error'],
  ])('hstrerror(%s) is glibc’s text', (_name, code, text) => {
    expect(hstrerror(code)).toBe(text);
  });

  it('herror prints "s: " and the text of h_errno on stderr, as C does', async () => {
    const child = await runScript(`
      const bsd = require(process.env.BSD_SOCKETS_ENTRY);
      bsd.gethostbyaddr(new Uint8Array(4), 4, bsd.AF_INET6);
      bsd.herror('gethostbyaddr');
      bsd.gethostbyaddr(new Uint8Array(16), 16, bsd.AF_INET6);
      bsd.herror(null);
    `);
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('gethostbyaddr: Resolver internal error\nUnknown host\n');
  });
});
