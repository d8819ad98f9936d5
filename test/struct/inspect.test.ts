// Address objects the binding creates print as strace prints them; only the printing
// changes (a non-enumerable method of their prototype): JSON and equality see plain structs.
import { inspect } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { AF_INET, AF_INET6, SOCK_DGRAM, bind, getsockname, htonl, htons } from '../../src/index';
import { dotted, ipv6Text } from '../../src/struct/inspect';
import { OpenSockets, in6addr_loopback } from '../helpers/addresses';

const sockets = new OpenSockets();
afterAll(() => sockets.closeAll());

describe('util.inspect of the address objects the binding creates', () => {
  it('sockaddr_in: htons(port), inet_addr("…"); JSON and toEqual unchanged', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    bind(fd, { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: htonl(0x7f000001) } });
    const addr = getsockname(fd);
    const port = addr.sin_port!;
    const hostPort = (port >> 8) | ((port & 0xff) << 8);
    expect(inspect(addr)).toBe(
      `{ ss_family: ${AF_INET}, sa_family: ${AF_INET}, sin_family: ${AF_INET}, sin_port: htons(${hostPort}), sin_addr: inet_addr("127.0.0.1") }`,
    );
    expect(JSON.parse(JSON.stringify(addr))).toEqual({
      ss_family: AF_INET,
      sa_family: AF_INET,
      sin_family: AF_INET,
      sin_port: port,
      sin_addr: { s_addr: htonl(0x7f000001) },
    });
    expect(addr.sin_addr).toEqual({ s_addr: htonl(0x7f000001) });
    expect(Object.keys(addr.sin_addr!)).toEqual(['s_addr']);
  });

  it('sockaddr_in6: inet_pton(AF_INET6, "::1"); a caller’s own object keeps its printing', () => {
    const fd = sockets.open(AF_INET6, SOCK_DGRAM);
    bind(fd, {
      sin6_family: AF_INET6,
      sin6_port: htons(0),
      sin6_addr: { s6_addr: in6addr_loopback() },
    });
    expect(inspect(getsockname(fd).sin6_addr)).toBe('inet_pton(AF_INET6, "::1")');
    const mine = {};
    getsockname(fd, mine);
    expect(inspect(mine)).toContain('sin6_port: ');
    expect(inspect(mine)).not.toContain('htons(');
  });

  it('formats addresses as inet_ntop does (RFC 5952)', () => {
    expect(dotted(htonl(0x0a000001))).toBe('10.0.0.1');
    const v6 = (text: string) =>
      ipv6Text(Uint8Array.from(Buffer.from(text.replace(/:/g, ''), 'hex')));
    expect(v6('0000:0000:0000:0000:0000:0000:0000:0000')).toBe('::');
    expect(v6('0000:0000:0000:0000:0000:0000:0000:0001')).toBe('::1');
    expect(v6('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(v6('0001:0000:0000:0001:0000:0000:0000:0001')).toBe('1:0:0:1::1');
    expect(v6('2001:0db8:0000:0001:0001:0001:0001:0001')).toBe('2001:db8:0:1:1:1:1:1');
    expect(v6('0000:0000:0000:0000:0000:ffff:7f00:0001')).toBe('::ffff:127.0.0.1');
  });
});
