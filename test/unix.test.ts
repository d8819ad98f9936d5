// AF_UNIX: stream and datagram sockets on a pathname (in a temp dir) and in the abstract
// namespace (a sun_path starting with a NUL byte, Linux only). See unix(7).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  AF_UNIX,
  SOCK_DGRAM,
  SOCK_STREAM,
  accept,
  bind,
  connect,
  getpeername,
  getsockname,
  listen,
  recv,
  recvfrom,
  send,
  sendto,
  type sockaddr_storage,
  type sockaddr_un,
  type socklen_t,
} from '../src/index';
import { OpenSockets, limitReceive } from './helpers/addresses';
import { makeTempDir } from './helpers/child';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

let names = 0;
function pathname(): sockaddr_un {
  return { sun_family: AF_UNIX, sun_path: path.join(temp.dir, `s${++names}`) };
}

/** An abstract name: a NUL byte, then bytes unique to this process and call. */
function abstract(): sockaddr_un {
  const name = `bsd-sockets-test-${process.pid}-${++names}-${Math.random().toString(36).slice(2)}`;
  return { sun_family: AF_UNIX, sun_path: Uint8Array.from([0, ...Buffer.from(name)]) };
}

// offsetof(struct sockaddr_un, sun_path): the sun_family field.
const SUN_PATH_OFFSET = 2;

describe.each([
  { kind: 'pathname', address: pathname },
  { kind: 'abstract', address: abstract },
])('AF_UNIX on a $kind address', ({ kind, address }) => {
  it('stream: connect, accept, bytes both ways; the client is unnamed', () => {
    const name = address();
    const server = sockets.open(AF_UNIX, SOCK_STREAM);
    bind(server, name);
    listen(server, 2);
    if (kind === 'pathname') expect(fs.statSync(name.sun_path as string).isSocket()).toBe(true);
    expect(getsockname(server).sun_path).toEqual(name.sun_path);

    const client = sockets.open(AF_UNIX, SOCK_STREAM);
    connect(client, name);
    const peer: sockaddr_storage = {};
    const peerlen: socklen_t = { value: 110 };
    const conn = sockets.add(accept(server, peer, peerlen));
    limitReceive(conn);
    limitReceive(client);
    // An unbound client has no name: its address is sun_family alone (unix(7): "unnamed").
    expect(peer).toEqual({
      ss_family: AF_UNIX,
      sa_family: AF_UNIX,
      sun_family: AF_UNIX,
      sun_path: '',
    });
    expect(peerlen.value).toBe(SUN_PATH_OFFSET);
    expect(getpeername(client).sun_path).toEqual(name.sun_path);

    send(client, Buffer.from('to server'), 9, 0);
    const buf = Buffer.alloc(16);
    expect(recv(conn, buf, 16, 0)).toBe(9);
    expect(buf.subarray(0, 9).toString()).toBe('to server');
    send(conn, Buffer.from('back'), 4, 0);
    expect(recv(client, buf, 16, 0)).toBe(4);
  });

  it('datagram: recvfrom names a bound sender, and the reply reaches it', () => {
    const serverName = address();
    const clientName = address();
    const server = sockets.open(AF_UNIX, SOCK_DGRAM);
    const client = sockets.open(AF_UNIX, SOCK_DGRAM);
    bind(server, serverName);
    bind(client, clientName);
    limitReceive(server);
    limitReceive(client);
    expect(sendto(client, Buffer.from('dgram'), 5, 0, serverName)).toBe(5);

    const from: sockaddr_storage = {};
    const fromlen: socklen_t = { value: 110 };
    const buf = Buffer.alloc(16);
    expect(recvfrom(server, buf, 16, 0, from, fromlen)).toBe(5);
    expect(from.sun_family).toBe(AF_UNIX);
    expect(from.sun_path).toEqual(clientName.sun_path);
    const pathLength =
      typeof clientName.sun_path === 'string'
        ? Buffer.byteLength(clientName.sun_path) + 1 // the terminating NUL is counted
        : clientName.sun_path.length;
    expect(fromlen.value).toBe(SUN_PATH_OFFSET + pathLength);

    expect(sendto(server, Buffer.from('ack'), 3, 0, from)).toBe(3);
    expect(recv(client, buf, 16, 0)).toBe(3);
    expect(buf.subarray(0, 3).toString()).toBe('ack');
  });
});

describe('AF_UNIX details', () => {
  it('a datagram from an unbound socket has no source address: addrlen 0', () => {
    const name = pathname();
    const server = sockets.open(AF_UNIX, SOCK_DGRAM);
    bind(server, name);
    limitReceive(server);
    const client = sockets.open(AF_UNIX, SOCK_DGRAM);
    sendto(client, Buffer.from('anon'), 4, 0, name);
    const fromlen: socklen_t = { value: 110 };
    expect(recvfrom(server, Buffer.alloc(8), 8, 0, {}, fromlen)).toBe(4);
    expect(fromlen.value).toBe(0);
  });

  it('a pathname of 107 bytes fits sun_path (108 with its NUL)', () => {
    const dir = temp.dir + '/';
    const longest = dir + 'x'.repeat(107 - Buffer.byteLength(dir));
    expect(Buffer.byteLength(longest)).toBe(107);
    const fd = sockets.open(AF_UNIX, SOCK_DGRAM);
    expect(bind(fd, { sun_family: AF_UNIX, sun_path: longest })).toBe(0);
    expect(getsockname(fd).sun_path).toBe(longest);
  });

  it('errors: EADDRINUSE on an existing path, ENOENT on a missing one, ECONNREFUSED once closed', () => {
    const name = pathname();
    const first = sockets.open(AF_UNIX, SOCK_STREAM);
    bind(first, name);
    const second = sockets.open(AF_UNIX, SOCK_STREAM);
    // The socket file stays until unlinked, even after close: that is why servers unlink first.
    expectErrno(() => bind(second, name), 'EADDRINUSE', 'bind');
    expectErrno(() => connect(second, pathname()), 'ENOENT', 'connect');
    listen(first, 1);
    sockets.close(first);
    expectErrno(() => connect(second, name), 'ECONNREFUSED', 'connect');
  });
});
