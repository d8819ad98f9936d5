// Arguments that change under the binding's feet, and option values of the wrong C type.
//
// A getter on an address object or an addrlen box runs JavaScript in the middle of
// argument parsing; it can detach the buffer argument (structuredClone with transfer) or
// shrink it (a resizable ArrayBuffer). The binding takes a buffer's pointer after every
// such argument, so the kernel never writes into memory the caller gave away: the length
// check sees the buffer as it is at the call, and fails with a RangeError.
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_UNIX,
  INADDR_LOOPBACK,
  IPPROTO_IP,
  IP_TTL,
  MSG_DONTWAIT,
  MSG_OOB,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  getsockopt,
  htonl,
  recv,
  recvfrom,
  send,
  sendto,
  setsockopt,
  sizeof,
  socketpair,
} from '../../src/index';
import { OpenSockets, limitReceive, loopback4, udp4 } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

// Wrong on purpose, as a JavaScript caller may write.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const looseSetsockopt = setsockopt as any;

// Resizable ArrayBuffers (ES2024) are in Node.js 20's V8, not in this project's ES2022 lib.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  length: number,
  options: { maxByteLength: number },
) => ArrayBuffer & { resize(length: number): void };

function detach(bytes: Uint8Array): void {
  structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] });
}

describe('a buffer detached or shrunk by a getter during the call', () => {
  it('recvfrom: addrlen.value detaches buf → RangeError, the datagram stays queued', () => {
    const server = udp4(sockets);
    limitReceive(server.fd);
    const client = sockets.open(AF_INET, SOCK_DGRAM);
    expect(sendto(client, Buffer.from('hello'), 5, 0, loopback4(server.port))).toBe(5);

    const buf = new Uint8Array(64);
    const addrlen = {
      get value() {
        detach(buf);
        return sizeof.sockaddr_in;
      },
    };
    expectArgError(
      () => recvfrom(server.fd, buf, 64, 0, {}, addrlen),
      RangeError,
      'recvfrom',
      /^recvfrom: len \(64\) exceeds buf\.byteLength \(0\)$/,
    );
    // Nothing was read: the datagram is still there for the next call.
    const fresh = Buffer.alloc(64);
    expect(recv(server.fd, fresh, 64, 0)).toBe(5);
    expect(fresh.subarray(0, 5).toString()).toBe('hello');
  });

  it('recvfrom: addrlen.value shrinks a resizable buffer → RangeError', () => {
    const server = udp4(sockets);
    const storage = new ResizableArrayBuffer(64, { maxByteLength: 64 });
    const buf = new Uint8Array(storage);
    const addrlen = {
      get value() {
        storage.resize(8);
        return 16;
      },
    };
    expectArgError(
      () => recvfrom(server.fd, buf, 64, MSG_DONTWAIT, {}, addrlen),
      RangeError,
      'recvfrom',
      /len \(64\) exceeds buf\.byteLength \(8\)/,
    );
  });

  it('sendto: dest_addr.sin_port detaches buf → RangeError, nothing sent', () => {
    const server = udp4(sockets);
    const client = sockets.open(AF_INET, SOCK_DGRAM);
    const buf = new Uint8Array(32).fill(0x61);
    const port = loopback4(server.port).sin_port;
    const dest = {
      sin_family: AF_INET,
      get sin_port() {
        detach(buf);
        return port;
      },
      sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
    };
    expectArgError(
      () => sendto(client, buf, 32, 0, dest),
      RangeError,
      'sendto',
      /^sendto: len \(32\) exceeds buf\.byteLength \(0\)$/,
    );
    expectErrno(() => recv(server.fd, Buffer.alloc(32), 32, MSG_DONTWAIT), 'EAGAIN', 'recv');
  });

  it('a buffer detached before the call is a zero-length buffer: len 0 is a valid call', () => {
    const server = udp4(sockets);
    limitReceive(server.fd);
    const client = sockets.open(AF_INET, SOCK_DGRAM);
    const buf = new Uint8Array(8);
    detach(buf);
    expect(buf.byteLength).toBe(0);
    expect(sendto(client, buf, 0, 0, loopback4(server.port))).toBe(0);
    expect(recv(server.fd, Buffer.alloc(8), 8, 0)).toBe(0); // the empty datagram
  });

  it('a receive of 0 bytes into a detached buffer that the kernel answers with 1 writes nothing', () => {
    // Linux: on an AF_UNIX stream socket (MSG_OOB since 5.15), recv(fd, buf, 0, MSG_OOB)
    // with an out-of-band byte pending returns 1 and copies nothing, though recv(2) says it
    // returns the number of bytes received. The binding's receive into the scratch copies
    // min(ret, len) = 0 bytes then: none into the detached buffer (the fuzzer found it).
    const [a, b] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    sockets.add(a);
    sockets.add(b);
    expect(send(a, Buffer.from('x'), 1, MSG_OOB)).toBe(1);
    const buf = new Uint8Array(8);
    detach(buf);
    expect(recv(b, buf, 0, MSG_OOB)).toBe(1);
  });
});

describe('option values of the wrong C type', () => {
  it('a timeval for an int option, an int for a timeval or linger option: TypeError', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectArgError(
      () => looseSetsockopt(fd, SOL_SOCKET, SO_REUSEADDR, { tv_sec: 1, tv_usec: 0 }),
      TypeError,
      'setsockopt',
      new RegExp(
        `optval must be a number \\(int\\) for level ${SOL_SOCKET}, optname ${SO_REUSEADDR}, got a \\{ tv_sec`,
      ),
    );
    expectArgError(
      () => setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, 5),
      TypeError,
      'setsockopt',
      new RegExp(
        `optval must be a \\{ tv_sec, tv_usec \\} \\(struct timeval\\) for level ${SOL_SOCKET}, optname ${SO_RCVTIMEO}, got a number`,
      ),
    );
    expectArgError(
      () => setsockopt(fd, SOL_SOCKET, SO_LINGER, { tv_sec: 1, tv_usec: 0 }),
      TypeError,
      'setsockopt',
      /optval must be a \{ l_onoff, l_linger \} \(struct linger\)/,
    );
    expectArgError(
      () => setsockopt(fd, IPPROTO_IP, IP_TTL, { l_onoff: 1, l_linger: 0 }),
      TypeError,
      'setsockopt',
      /optval must be a number \(int\)/,
    );
    // Refused before the call: the option is unchanged.
    expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO)).toEqual({ tv_sec: 0, tv_usec: 0 });
  });

  it('raw bytes for a struct option must be exactly its size: RangeError otherwise', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectArgError(
      () => setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new Uint8Array(8)),
      RangeError,
      'setsockopt',
      /^setsockopt: optlen \(8\) must be 16 for a \{ tv_sec, tv_usec \} \(struct timeval\)$/,
    );
    expectArgError(
      () => setsockopt(fd, SOL_SOCKET, SO_LINGER, new Uint8Array(16), 4),
      RangeError,
      'setsockopt',
      /optlen \(4\) must be 8 for a \{ l_onoff, l_linger \}/,
    );
    // The exact size goes through; for other options the kernel checks optlen, as in C.
    expect(setsockopt(fd, SOL_SOCKET, SO_LINGER, new Uint8Array(sizeof.linger))).toBe(0);
    expectErrno(
      () => setsockopt(fd, IPPROTO_IP, IP_TTL, new Uint8Array(0)),
      'EINVAL',
      'setsockopt',
    );
  });
});
