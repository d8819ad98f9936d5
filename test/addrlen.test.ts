// Output addresses and their socklen_t box: the capacity is read before the call, the true
// length written after it, and a short capacity truncates the address as it does in C.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  SOCK_DGRAM,
  SOCK_STREAM,
  accept,
  bind,
  connect,
  getpeername,
  getsockname,
  htonl,
  INADDR_LOOPBACK,
  listen,
  ntohs,
  recvfrom,
  sendto,
  sizeof,
  type sockaddr_storage,
  type socklen_t,
} from '../src/index';
import {
  OpenSockets,
  boundPort,
  in6addr_loopback,
  limitReceive,
  loopback4,
  loopback6,
  udp4,
} from './helpers/addresses';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** Two bound IPv6 UDP sockets on ::1; the client has sent `payload` to the server. */
function v6Datagram(payload: string): { server: number; clientPort: number } {
  const server = sockets.open(AF_INET6, SOCK_DGRAM);
  const client = sockets.open(AF_INET6, SOCK_DGRAM);
  bind(server, loopback6());
  bind(client, loopback6());
  limitReceive(server);
  sendto(client, Buffer.from(payload), payload.length, 0, loopback6(boundPort(server)));
  return { server, clientPort: boundPort(client) };
}

/** Two bound IPv4 UDP sockets; the client has sent `payload` to the server. */
function v4Datagram(payload: string): { server: number; clientPort: number } {
  const server = udp4(sockets);
  const client = udp4(sockets);
  sendto(client.fd, Buffer.from(payload), payload.length, 0, loopback4(server.port));
  return { server: server.fd, clientPort: client.port };
}

describe('sizeof', () => {
  it('gives the sizes the C compiler computed for Linux', () => {
    // sizeof is also a function (sizeof(x)) with the C types' sizes: these are the structs'.
    expect({ ...sizeof }).toMatchObject({
      sockaddr: 16,
      sockaddr_in: 16,
      sockaddr_in6: 28,
      sockaddr_un: 110,
      sockaddr_storage: 128,
      in_addr: 4,
      in6_addr: 16,
      int: 4,
      timeval: 16, // 64-bit time_t and suseconds_t
      linger: 8,
    });
    expect(Object.isFrozen(sizeof)).toBe(true);
  });
});

describe('the addrlen box of recvfrom', () => {
  it('{ value: sizeof.sockaddr_in } reads 16 after an IPv4 datagram', () => {
    const { server, clientPort } = v4Datagram('v4');
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: sizeof.sockaddr_in };
    expect(recvfrom(server, Buffer.alloc(8), 8, 0, src, addrlen)).toBe(2);
    expect(addrlen).toEqual({ value: 16 });
    expect(ntohs(src.sin_port!)).toBe(clientPort);
    expect(src.sin_addr).toEqual({ s_addr: htonl(INADDR_LOOPBACK) });
  });

  it('reads sizeof.sockaddr_in6 (28) after an IPv6 datagram, from the default capacity of 128', () => {
    const { server, clientPort } = v6Datagram('v6');
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: sizeof.sockaddr_storage };
    expect(recvfrom(server, Buffer.alloc(8), 8, 0, src, addrlen)).toBe(2);
    expect(addrlen.value).toBe(28);
    expect(src).toEqual({
      ss_family: AF_INET6,
      sa_family: AF_INET6,
      sin6_family: AF_INET6,
      sin6_port: loopback6(clientPort).sin6_port,
      sin6_flowinfo: 0,
      sin6_addr: { s6_addr: in6addr_loopback() },
      sin6_scope_id: 0,
    });
  });

  it('a box smaller than the address truncates it, and value reports the true length', () => {
    const { server, clientPort } = v6Datagram('cut');
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: 8 };
    expect(recvfrom(server, Buffer.alloc(8), 8, 0, src, addrlen)).toBe(3);
    // recvfrom(2): "the returned address is truncated … addrlen will return a value greater
    // than was supplied". Only family, port and flowinfo fit in 8 bytes: no s6_addr bytes.
    expect(addrlen.value).toBe(sizeof.sockaddr_in6);
    expect(src.sin6_family).toBe(AF_INET6);
    expect(ntohs(src.sin6_port!)).toBe(clientPort);
    expect(src.sin6_addr!.s6_addr).toEqual(new Uint8Array(16));
  });

  it('an IPv4 address cut after the port has s_addr 0, not 127.0.0.1', () => {
    const { server, clientPort } = v4Datagram('cut4');
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: 4 };
    recvfrom(server, Buffer.alloc(8), 8, 0, src, addrlen);
    expect(addrlen.value).toBe(16);
    expect(ntohs(src.sin_port!)).toBe(clientPort);
    expect(src.sin_addr).toEqual({ s_addr: 0 });
  });

  it('a capacity of 0 lets the kernel write nothing: the family reads 0', () => {
    const { server } = v4Datagram('zero');
    const src: sockaddr_storage = {};
    const addrlen: socklen_t = { value: 0 };
    recvfrom(server, Buffer.alloc(8), 8, 0, src, addrlen);
    expect(addrlen.value).toBe(16);
    expect(src.ss_family).toBe(0);
  });
});

describe('the addrlen box of accept, getsockname, getpeername', () => {
  it('is filled the same way, and the object passed is the one returned', () => {
    const server = sockets.open(AF_INET6, SOCK_STREAM);
    bind(server, loopback6());
    listen(server, 1);
    const client = sockets.open(AF_INET6, SOCK_STREAM);
    connect(client, loopback6(boundPort(server)));

    const peer: sockaddr_storage = {};
    const peerlen: socklen_t = { value: sizeof.sockaddr_in6 };
    const conn = sockets.add(accept(server, peer, peerlen));
    expect(peerlen.value).toBe(28);
    expect(ntohs(peer.sin6_port!)).toBe(boundPort(client));

    const name = {};
    const namelen: socklen_t = { value: sizeof.sockaddr_in6 };
    expect(getsockname(conn, name, namelen)).toBe(name);
    expect(namelen.value).toBe(28);
    const truncated: socklen_t = { value: 2 };
    const family = getpeername(conn, {}, truncated);
    expect(truncated.value).toBe(28);
    expect(family).toEqual({
      ss_family: AF_INET6,
      sa_family: AF_INET6,
      sin6_family: AF_INET6,
      sin6_port: 0,
      sin6_flowinfo: 0,
      sin6_addr: { s6_addr: new Uint8Array(16) },
      sin6_scope_id: 0,
    });
  });

  it('getsockname without an object returns a new one, for an IPv4 socket too', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    bind(fd, loopback4());
    const name = getsockname(fd);
    expect(name.ss_family).toBe(AF_INET);
    expect(name.sin_addr).toEqual({ s_addr: htonl(INADDR_LOOPBACK) });
  });
});
