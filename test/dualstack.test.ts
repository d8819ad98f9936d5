// Dual stack: an AF_INET6 socket with IPV6_V6ONLY = 0 also speaks IPv4, through IPv4-mapped
// addresses (::ffff:127.0.0.1); with IPV6_V6ONLY = 1 it does not. See ipv6(7).
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SOCK_DGRAM,
  bind,
  getsockopt,
  inet_ntop,
  ntohs,
  recvfrom,
  sendto,
  setsockopt,
  type sockaddr_storage,
  type socklen_t,
  sizeof,
} from '../src/index';
import {
  OpenSockets,
  boundPort,
  limitReceive,
  loopback4,
  loopback6,
  mappedLoopback,
  udp4,
} from './helpers/addresses';
import { run } from './helpers/child';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

function udp6(v6only: number): number {
  const fd = sockets.open(AF_INET6, SOCK_DGRAM);
  expect(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, v6only)).toBe(0);
  expect(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY)).toBe(v6only);
  return fd;
}

describe('IPV6_V6ONLY on loopback', () => {
  it('defaults to net.ipv6.bindv6only', () => {
    const sysctl = Number(fs.readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8'));
    const fd = sockets.open(AF_INET6, SOCK_DGRAM);
    expect(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY)).toBe(sysctl);
  });

  it('0: the socket receives from 127.0.0.1, which it sees as ::ffff:127.0.0.1', () => {
    const server = udp6(0);
    bind(server, loopback6(0, mappedLoopback()));
    limitReceive(server);
    const port = boundPort(server);
    // The port is the IPv4 port too: an AF_INET socket cannot take it.
    const rival = sockets.open(AF_INET, SOCK_DGRAM);
    expectErrno(() => bind(rival, loopback4(port)), 'EADDRINUSE', 'bind');

    const client = udp4(sockets);
    sendto(client.fd, Buffer.from('mapped'), 6, 0, loopback4(port));
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: sizeof.sockaddr_in6 };
    expect(recvfrom(server, Buffer.alloc(16), 16, 0, src, addrlen)).toBe(6);
    expect(addrlen.value).toBe(sizeof.sockaddr_in6);
    expect(src.ss_family).toBe(AF_INET6);
    expect(inet_ntop(AF_INET6, src.sin6_addr!)).toBe('::ffff:127.0.0.1');
    expect(src.sin6_addr!.s6_addr).toEqual(mappedLoopback());
    expect(ntohs(src.sin6_port!)).toBe(client.port);
  });

  it('1: IPv4-mapped addresses are refused (Linux: EINVAL to bind, ENETUNREACH to send)', () => {
    const fd = udp6(1);
    // ipv6(7) only says such a socket "can be used to send and receive IPv6 packets only";
    // these are the errnos Linux gives for a mapped address.
    expectErrno(() => bind(fd, loopback6(0, mappedLoopback())), 'EINVAL', 'bind');
    expectErrno(
      () => sendto(fd, Buffer.from('x'), 1, 0, loopback6(9, mappedLoopback())),
      'ENETUNREACH',
      'sendto',
    );
  });
});

// The wildcard address :: shows the difference best, but the rules of this suite allow
// listening beyond loopback only in a network namespace of our own, where lo is the only
// interface: the check runs there, in a child started by `unshare -rn`.
const namespaceScript = `
const b = require(process.env.BSD_SOCKETS_ENTRY);
const any6 = (port) => ({ sin6_family: b.AF_INET6, sin6_port: b.htons(port), sin6_addr: { s6_addr: new Uint8Array(16) } });
const lo4 = (port) => ({ sin_family: b.AF_INET, sin_port: b.htons(port), sin_addr: { s_addr: b.htonl(b.INADDR_LOOPBACK) } });
const attempt = (call) => { try { return call(); } catch (e) { return e.code; } };
const results = {};
for (const v6only of [0, 1]) {
  const s6 = b.socket(b.AF_INET6, b.SOCK_DGRAM, 0);
  b.setsockopt(s6, b.IPPROTO_IPV6, b.IPV6_V6ONLY, v6only);
  b.bind(s6, any6(0));
  const port = b.ntohs(b.getsockname(s6).sin6_port);
  const s4 = b.socket(b.AF_INET, b.SOCK_DGRAM, 0);
  const bind4 = attempt(() => b.bind(s4, lo4(port)));
  const sender = b.socket(b.AF_INET, b.SOCK_DGRAM, 0);
  b.sendto(sender, Buffer.from('v4'), 2, 0, lo4(port));
  const timeout = { tv_sec: 2, tv_usec: 0 };
  b.setsockopt(s6, b.SOL_SOCKET, b.SO_RCVTIMEO, timeout);
  b.setsockopt(s4, b.SOL_SOCKET, b.SO_RCVTIMEO, timeout);
  const from = {};
  // With V6ONLY=1 the IPv4 socket gets the datagram; once it has, the IPv6 one must be empty.
  const received4 = bind4 === 0 ? attempt(() => b.recv(s4, Buffer.alloc(8), 8, 0)) : null;
  const flags6 = bind4 === 0 ? b.MSG_DONTWAIT : 0;
  const received6 = attempt(() => b.recvfrom(s6, Buffer.alloc(8), 8, flags6, from));
  results[v6only] = { bind4, received4, received6, from: from.sin6_addr ? b.inet_ntop(b.AF_INET6, from.sin6_addr) : null };
  [s6, s4, sender].forEach((fd) => b.close(fd));
}
console.log(JSON.stringify(results));
`;

function namespacesWork(): string | null {
  const probe = spawnSync('unshare', ['-rn', 'ip', 'link', 'set', 'lo', 'up'], {
    timeout: 5000,
    encoding: 'utf8',
  });
  if (probe.error) return `unshare or ip is missing (${probe.error.message})`;
  if (probe.status !== 0) return `unshare -rn is not permitted here: ${probe.stderr.trim()}`;
  return null;
}

describe('IPV6_V6ONLY on the wildcard address, in a private network namespace', () => {
  it('0: [::] receives from 127.0.0.1; 1: it does not, and 127.0.0.1 is free for IPv4', async (ctx) => {
    const reason = namespacesWork();
    if (reason) ctx.skip(reason);
    const child = await run('unshare', [
      '-rn',
      'sh',
      '-c',
      'ip link set lo up && exec "$0" -e "$1"',
      process.execPath,
      namespaceScript,
    ]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      0: { bind4: 'EADDRINUSE', received4: null, received6: 2, from: '::ffff:127.0.0.1' },
      1: { bind4: 0, received4: 2, received6: 'EAGAIN', from: null },
    });
  });
});
