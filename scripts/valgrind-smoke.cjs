'use strict';
// The smoke suite of scripts/valgrind-smoke.sh: every function of the addon, called the way
// a program calls it (and a few ways it should not), so that memcheck sees each code path
// of bsd_sockets.node read and write its buffers and structs once. It checks what it gets;
// a wrong result exits 1.
//
//   node scripts/valgrind-smoke.cjs       (BSD_SOCKETS_BUILD chooses the addon)
/* global structuredClone */
const assert = require('node:assert');
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const bsd = require(path.join(__dirname, '..', 'dist', 'src', 'index.js'));
// The program's errno, as the package keeps it (the scratch memory shared with native).
const { get_errno } = require(path.join(__dirname, '..', 'dist', 'src', 'scratch.js'));

const loopback = (port = 0) => ({
  sin_family: bsd.AF_INET,
  sin_port: bsd.htons(port),
  sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) },
});
const loopback6 = (port = 0) => {
  const s6_addr = new Uint8Array(16);
  s6_addr[15] = 1;
  return { sin6_family: bsd.AF_INET6, sin6_port: bsd.htons(port), sin6_addr: { s6_addr } };
};
const portOf = (fd) => bsd.ntohs(bsd.getsockname(fd).sin_port ?? bsd.getsockname(fd).sin6_port);
function throws(call, check) {
  try {
    call();
  } catch (error) {
    check(error);
    return;
  }
  assert.fail(`expected a throw: ${call}`);
}
const isErrno = (code) => (error) => assert.equal(error.code, code);
const isKind = (kind) => (error) => assert.ok(error instanceof kind, String(error));
const opened = [];
const open = (fd) => (opened.push(fd), fd);

// UDP, IPv4 and IPv6: sendto/recvfrom with every output-address form.
for (const [domain, address] of [
  [bsd.AF_INET, loopback],
  [bsd.AF_INET6, loopback6],
]) {
  const server = open(bsd.socket(domain, bsd.SOCK_DGRAM, 0));
  bsd.bind(server, address());
  bsd.setsockopt(server, bsd.SOL_SOCKET, bsd.SO_RCVTIMEO, { tv_sec: 2, tv_usec: 0 });
  const client = open(bsd.socket(domain, bsd.SOCK_DGRAM, 0));
  const data = Buffer.from('smoke test datagram');
  assert.equal(bsd.sendto(client, data, data.length, 0, address(portOf(server))), data.length);
  const buf = Buffer.alloc(64);
  const from = {};
  const addrlen = { value: 128 };
  assert.equal(bsd.recvfrom(server, buf, 64, 0, from, addrlen), data.length);
  assert.equal(from.ss_family, domain);
  bsd.sendto(client, data, data.length, 0, address(portOf(server)));
  const small = { value: 4 }; // truncated address: only 4 bytes may be written
  assert.equal(bsd.recvfrom(server, buf, 8, 0, {}, small), 8);
  assert.equal(small.value, domain === bsd.AF_INET ? 16 : 28);
  bsd.sendto(client, data, 3, 0, address(portOf(server)));
  assert.equal(bsd.recv(server, buf, 64, 0), 3);
  bsd.connect(client, address(portOf(server)));
  assert.equal(bsd.send(client, data, 5, 0), 5);
  assert.equal(bsd.read(server, buf, 64), 5);
  assert.equal(bsd.write(client, data, 0), 0);
  assert.equal(bsd.getpeername(client).ss_family, domain);
  throws(() => bsd.recv(server, buf, 65, 0), isKind(RangeError));
}

// TCP: listen, connect, accept, accept4, shutdown, a reset.
{
  const server = open(bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0));
  bsd.setsockopt(server, bsd.SOL_SOCKET, bsd.SO_REUSEADDR, 1);
  bsd.bind(server, loopback());
  bsd.listen(server, 4);
  const client = open(bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0));
  bsd.connect(client, loopback(portOf(server)));
  const peer = {};
  const accepted = open(bsd.accept(server, peer, { value: 16 }));
  assert.equal(bsd.ntohs(peer.sin_port), portOf(client));
  const client2 = open(bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0));
  bsd.connect(client2, loopback(portOf(server)));
  const accepted2 = open(bsd.accept4(server, null, null, bsd.SOCK_NONBLOCK | bsd.SOCK_CLOEXEC));
  assert.ok(bsd.fcntl(accepted2, bsd.F_GETFL) & bsd.O_NONBLOCK);
  assert.equal(bsd.fcntl(accepted2, bsd.F_GETFD) & bsd.FD_CLOEXEC, bsd.FD_CLOEXEC);
  bsd.fcntl(accepted2, bsd.F_SETFL, 0);
  const info = new Uint8Array(232);
  assert.ok(bsd.getsockopt(accepted, bsd.IPPROTO_TCP, bsd.TCP_INFO, info) > 0);
  bsd.setsockopt(accepted, bsd.SOL_SOCKET, bsd.SO_LINGER, { l_onoff: 1, l_linger: 0 });
  assert.deepEqual(bsd.getsockopt(accepted, bsd.SOL_SOCKET, bsd.SO_LINGER), {
    l_onoff: 1,
    l_linger: 0,
  });
  bsd.setsockopt(client, bsd.SOL_SOCKET, bsd.SO_RCVTIMEO, new Uint8Array(16));
  bsd.close(opened.splice(opened.indexOf(accepted), 1)[0]);
  throws(() => bsd.recv(client, Buffer.alloc(4), 4, 0), isErrno('ECONNRESET'));
  bsd.shutdown(client2, bsd.SHUT_WR);
  throws(() => bsd.send(client2, Buffer.from('x'), 1, 0), isErrno('EPIPE'));
}

// Unix domain: a path, an abstract name, socketpair.
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-smoke-'));
  const server = open(bsd.socket(bsd.AF_UNIX, bsd.SOCK_DGRAM, 0));
  bsd.bind(server, { sun_family: bsd.AF_UNIX, sun_path: path.join(dir, 's') });
  const abstract = open(bsd.socket(bsd.AF_UNIX, bsd.SOCK_DGRAM, 0));
  bsd.bind(abstract, { sun_family: bsd.AF_UNIX, sun_path: Buffer.from(`\0smoke-${process.pid}`) });
  assert.equal(bsd.getsockname(abstract).sun_path[0], 0);
  const client = open(bsd.socket(bsd.AF_UNIX, bsd.SOCK_DGRAM, 0));
  bsd.sendto(client, Buffer.from('u'), 1, 0, {
    sun_family: bsd.AF_UNIX,
    sun_path: path.join(dir, 's'),
  });
  assert.equal(bsd.recvfrom(server, Buffer.alloc(4), 4, 0, {}), 1);
  const [a, b] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_STREAM, 0);
  opened.push(a, b);
  bsd.write(a, Buffer.from('pair'), 4);
  assert.equal(bsd.read(b, Buffer.alloc(8), 8), 4);
  throws(
    () => bsd.bind(server, { sun_family: bsd.AF_UNIX, sun_path: 'x'.repeat(108) }),
    isKind(RangeError),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

// poll and select.
{
  const [a, b] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_DGRAM, 0);
  opened.push(a, b);
  bsd.send(a, Buffer.from('p'), 1, 0);
  const fds = [
    { fd: b, events: bsd.POLLIN, revents: 0 },
    { fd: -1, events: bsd.POLLIN, revents: 0 },
  ];
  assert.equal(bsd.poll(fds, 0), 1);
  assert.equal(fds[0].revents, bsd.POLLIN);
  const readfds = new bsd.fd_set();
  bsd.FD_SET(b, readfds);
  assert.equal(bsd.select(b + 1, readfds, null, null, { tv_sec: 0, tv_usec: 0 }), 1);
  assert.ok(bsd.FD_ISSET(b, readfds));
}

// Names and addresses.
{
  const list = bsd.getaddrinfo('127.0.0.1', '80', {
    ai_flags: bsd.AI_NUMERICHOST | bsd.AI_NUMERICSERV,
  });
  assert.equal(list.ai_family, bsd.AF_INET);
  bsd.freeaddrinfo(list);
  bsd.getaddrinfo('localhost', null, { ai_family: bsd.AF_INET, ai_flags: bsd.AI_CANONNAME });
  throws(() => bsd.getaddrinfo('x', null, { ai_flags: bsd.AI_NUMERICHOST }), isErrno('EAI_NONAME'));
  const flags = bsd.NI_NUMERICHOST | bsd.NI_NUMERICSERV;
  assert.deepEqual(bsd.getnameinfo(loopback(80), flags), { host: '127.0.0.1', serv: '80' });
  assert.equal(bsd.getnameinfo(loopback6(80), flags).host, '::1');
  assert.equal(typeof bsd.gai_strerror(bsd.EAI_NONAME), 'string');
  assert.equal(bsd.gethostbyname('localhost').h_name, 'localhost');
  // One address, then the null that ends the list, as C's NULL does.
  assert.equal(bsd.gethostbyname('127.0.0.1').h_addr_list.length, 2);
  assert.equal(bsd.gethostbyname('127.0.0.1').h_addr_list[1], null);
  assert.ok(bsd.gethostbyaddr(Uint8Array.of(127, 0, 0, 1), 4, bsd.AF_INET));
  assert.equal(typeof bsd.h_errno, 'number');
  bsd.herror('smoke herror');
  assert.equal(typeof bsd.hstrerror(1), 'string');
  const in4 = {};
  assert.equal(bsd.inet_pton(bsd.AF_INET, '10.1.2.3', in4), 1);
  assert.equal(bsd.inet_ntop(bsd.AF_INET, in4), '10.1.2.3');
  const in6 = {};
  assert.equal(bsd.inet_pton(bsd.AF_INET6, 'fe80::1', in6), 1);
  assert.equal(bsd.inet_ntop(bsd.AF_INET6, in6), 'fe80::1');
  throws(() => bsd.inet_ntop(bsd.AF_INET6, in6, 4), isErrno('ENOSPC'));
  assert.equal(bsd.inet_aton('127.1', in4), 1);
  assert.equal(bsd.inet_ntoa(in4), '127.0.0.1');
  assert.equal(bsd.inet_addr('255.255.255.255'), 0xffffffff);
  assert.equal(bsd.strerror(bsd.EINVAL), 'Invalid argument');
  bsd.perror('smoke perror');
  assert.equal(get_errno() > 0, true);
}

// Buffers that change during the call (a getter detaches them) and detached buffers.
{
  const s = open(bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, bsd.IPPROTO_UDP));
  bsd.bind(s, loopback());
  bsd.sendto(s, Buffer.from('self'), 4, 0, loopback(portOf(s)));
  const buf = new Uint8Array(16);
  const box = {
    get value() {
      structuredClone(buf.buffer, { transfer: [buf.buffer] });
      return 16;
    },
  };
  throws(() => bsd.recvfrom(s, buf, 16, 0, {}, box), isKind(RangeError));
  assert.equal(bsd.recv(s, new Uint8Array(0), 0, 0), 0);
}

// bsd-sockets/promises: a wait in the event loop, then the same call.
async function promises() {
  const p = require(path.join(__dirname, '..', 'dist', 'src', 'promises', 'index.js'));
  const [a, b] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_STREAM | bsd.SOCK_NONBLOCK, 0);
  opened.push(a, b);
  const buf = Buffer.alloc(16);
  const received = p.recv(b, buf, 16, 0);
  bsd.write(a, Buffer.from('async'), 5);
  assert.equal(await received, 5);
  const fds = [{ fd: b, events: bsd.POLLOUT, revents: 0 }];
  assert.equal(await p.poll(fds, 1000), 1);
}

promises()
  .then(() => {
    for (const fd of opened) bsd.close(fd);
    console.log(`valgrind-smoke: every export called, ${opened.length} sockets closed`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
