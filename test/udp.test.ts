// UDP over loopback: sendto/recvfrom, send/recv on a connected socket, IPv4 and IPv6.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  INADDR_BROADCAST,
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_TRUNC,
  SOCK_DGRAM,
  SOL_SOCKET,
  SO_BROADCAST,
  bind,
  connect,
  getpeername,
  getsockname,
  getsockopt,
  htonl,
  htons,
  inet_ntop,
  ntohs,
  recv,
  recvfrom,
  send,
  sendto,
  type sockaddr_storage,
} from '../src/index';
import {
  OpenSockets,
  boundPort,
  limitReceive,
  loopback4,
  loopback6,
  udp4,
} from './helpers/addresses';
import { expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('UDP over IPv4', () => {
  it('sendto reaches recvfrom byte for byte, and src_addr is the sender, ready for the reply', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    const payload = Uint8Array.from([0, 1, 2, 0xff, 0x80, 0x7f, 0]);
    expect(sendto(client.fd, payload, payload.length, 0, loopback4(server.port))).toBe(7);

    const buf = new Uint8Array(64);
    const src_addr: sockaddr_storage = {};
    expect(recvfrom(server.fd, buf, buf.length, 0, src_addr)).toBe(7);
    expect(buf.subarray(0, 7)).toEqual(payload);
    expect(src_addr.ss_family).toBe(AF_INET);
    expect(src_addr.sin_family).toBe(AF_INET);
    expect(ntohs(src_addr.sin_port!)).toBe(client.port);
    expect(inet_ntop(AF_INET, src_addr.sin_addr!)).toBe('127.0.0.1');

    // The filled object is a valid destination, as the cast struct is in C.
    expect(sendto(server.fd, Buffer.from('reply'), 5, 0, src_addr)).toBe(5);
    expect(recvfrom(client.fd, buf, buf.length, 0, null)).toBe(5);
    expect(Buffer.from(buf.subarray(0, 5)).toString()).toBe('reply');
  });

  it('sends only `len` bytes of a larger buffer', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    sendto(client.fd, Buffer.from('abcdef'), 3, 0, loopback4(server.port));
    const buf = Buffer.alloc(16);
    expect(recv(server.fd, buf, buf.length, 0)).toBe(3);
    expect(buf.subarray(0, 3).toString()).toBe('abc');
  });

  it('sends the exact bytes whether they are copied into the scratch (≤ 256, whole) or read in place', () => {
    // src/c/send.ts copies a whole buffer of at most 256 bytes (Scratch::small_buf) and
    // passes a larger or partly sent one as a view: each size on either side of the limit,
    // sent whole and in part, from a view with an offset into its ArrayBuffer, and a string.
    const server = udp4(sockets);
    const client = udp4(sockets);
    const backing = new Uint8Array(600).map((_, i) => (i * 7 + 3) & 0xff);
    const received = Buffer.alloc(1024);
    for (const size of [0, 1, 16, 255, 256, 257, 512]) {
      const view = backing.subarray(5, 5 + size);
      for (const len of [size, Math.max(0, size - 1)]) {
        expect(sendto(client.fd, view, len, 0, loopback4(server.port))).toBe(len);
        expect(recv(server.fd, received, received.length, 0)).toBe(len);
        expect(Buffer.compare(received.subarray(0, len), view.subarray(0, len))).toBe(0);
      }
    }
    expect(sendto(client.fd, 'héllo', 6, 0, loopback4(server.port))).toBe(6);
    expect(recv(server.fd, received, received.length, 0)).toBe(6);
    expect(received.subarray(0, 6).toString()).toBe('héllo');
  });

  it('send and recv move the exact bytes, copied (≤ 256, whole) or read in place', () => {
    // send takes sendto's two ways (src/c/send.ts); recv reads into the caller's view.
    const server = udp4(sockets);
    const client = udp4(sockets);
    connect(client.fd, loopback4(server.port));
    const backing = new Uint8Array(600).map((_, i) => (i * 11 + 1) & 0xff);
    const received = new Uint8Array(1024);
    for (const size of [0, 1, 16, 256, 257, 512]) {
      const view = backing.subarray(3, 3 + size);
      for (const len of [size, Math.max(0, size - 1)]) {
        expect(send(client.fd, view, len, 0)).toBe(len);
        // recv into a view with an offset, of exactly len bytes.
        const into = received.subarray(7, 7 + len);
        expect(recv(server.fd, into, len, 0)).toBe(len);
        expect(Buffer.compare(into, view.subarray(0, len))).toBe(0);
      }
    }
  });

  it('connect sets the default peer: send and recv without addresses, getpeername', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    expect(connect(client.fd, loopback4(server.port))).toBe(0);
    expect(ntohs(getpeername(client.fd).sin_port!)).toBe(server.port);
    expect(send(client.fd, Buffer.from('hello'), 5, 0)).toBe(5);
    const buf = Buffer.alloc(16);
    expect(recv(server.fd, buf, buf.length, 0)).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe('hello');
  });

  it('MSG_PEEK leaves the datagram queued; MSG_TRUNC reports its real length', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    sendto(client.fd, Buffer.from('0123456789'), 10, 0, loopback4(server.port));
    const buf = Buffer.alloc(4);
    expect(recv(server.fd, buf, 4, MSG_PEEK)).toBe(4);
    expect(buf.toString()).toBe('0123');
    // With MSG_TRUNC, Linux returns the datagram's full length even though 4 bytes were copied.
    expect(recv(server.fd, buf, 4, MSG_TRUNC)).toBe(10);
    expect(buf.toString()).toBe('0123');
    expectErrno(() => recv(server.fd, buf, 4, MSG_DONTWAIT), 'EAGAIN', 'recv');
  });

  it('a zero-length datagram is a datagram: recvfrom returns 0', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    expect(sendto(client.fd, new Uint8Array(0), 0, 0, loopback4(server.port))).toBe(0);
    const from: sockaddr_storage = {};
    expect(recvfrom(server.fd, Buffer.alloc(8), 8, 0, from)).toBe(0);
    expect(ntohs(from.sin_port!)).toBe(client.port);
  });

  it('fails with EMSGSIZE for a datagram larger than UDP allows', () => {
    const client = udp4(sockets);
    const big = new Uint8Array(70_000);
    expectErrno(() => sendto(client.fd, big, big.length, 0, loopback4(9)), 'EMSGSIZE', 'sendto');
  });

  it('fails with EACCES for the broadcast address without SO_BROADCAST', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expect(getsockopt(fd, SOL_SOCKET, SO_BROADCAST)).toBe(0);
    const broadcast = {
      sin_family: AF_INET,
      sin_port: htons(9),
      sin_addr: { s_addr: htonl(INADDR_BROADCAST) },
    };
    // The route lookup refuses before anything is sent (ip(7): EACCES), so no packet leaves.
    expectErrno(() => sendto(fd, Buffer.from('x'), 1, 0, broadcast), 'EACCES', 'sendto');
  });
});

describe('UDP over IPv6', () => {
  it('sendto [::1] reaches recvfrom, whose src_addr is a sockaddr_in6', () => {
    const server = sockets.open(AF_INET6, SOCK_DGRAM);
    const client = sockets.open(AF_INET6, SOCK_DGRAM);
    bind(server, loopback6());
    bind(client, loopback6());
    limitReceive(server);
    const port = boundPort(server);
    expect(sendto(client, Buffer.from('six'), 3, 0, loopback6(port))).toBe(3);

    const buf = Buffer.alloc(16);
    const src: sockaddr_storage = {};
    expect(recvfrom(server, buf, buf.length, 0, src)).toBe(3);
    expect(buf.subarray(0, 3).toString()).toBe('six');
    expect(src.ss_family).toBe(AF_INET6);
    expect(src.sin6_family).toBe(AF_INET6);
    expect(ntohs(src.sin6_port!)).toBe(boundPort(client));
    expect(inet_ntop(AF_INET6, src.sin6_addr!)).toBe('::1');
    expect(src.sin6_flowinfo).toBe(0);
    expect(src.sin6_scope_id).toBe(0);
    expect(src).not.toHaveProperty('sin_family');

    const name = getsockname(server);
    expect(name.sin6_addr!.s6_addr).toEqual(loopback6().sin6_addr.s6_addr);
  });
});
