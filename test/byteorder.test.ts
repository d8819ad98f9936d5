// htons, ntohs, htonl, ntohl: host to network byte order, checked against DataView's
// big-endian writes (network order is big-endian) and against Node's own dgram sockets.
import * as dgram from 'node:dgram';

import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  INADDR_LOOPBACK,
  htonl,
  htons,
  ntohl,
  ntohs,
  sendto,
  type sockaddr_in,
} from '../src/index';
import { OpenSockets, udp4 } from './helpers/addresses';
import { expectArgError } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** The bytes of a uint16_t / uint32_t holding `value`, as they lie in memory on this host. */
function memory16(value: number): number[] {
  return [...new Uint8Array(Uint16Array.of(value).buffer)];
}
function memory32(value: number): number[] {
  return [...new Uint8Array(Uint32Array.of(value).buffer)];
}

/** The bytes of `value` in network order (big-endian), written by DataView. */
function bigEndian16(value: number): number[] {
  const view = new DataView(new ArrayBuffer(2));
  view.setUint16(0, value, false);
  return [...new Uint8Array(view.buffer)];
}
function bigEndian32(value: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, value, false);
  return [...new Uint8Array(view.buffer)];
}

describe('htons / ntohs', () => {
  it.each([0, 1, 0x12, 0x1234, 0x8000, 0xff00, 0xffff])(
    'htons(%i) lies in memory as the big-endian bytes of the value',
    (value) => {
      expect(memory16(htons(value))).toEqual(bigEndian16(value));
      expect(ntohs(htons(value))).toBe(value);
      expect(htons(ntohs(value))).toBe(value);
    },
  );
});

describe('htonl / ntohl', () => {
  it.each([0, 1, 0x7f000001, 0x12345678, 0x80000000, 0xfffffffe, 0xffffffff])(
    'htonl(%i) lies in memory as the big-endian bytes of the value',
    (value) => {
      expect(memory32(htonl(value))).toEqual(bigEndian32(value));
      expect(ntohl(htonl(value))).toBe(value);
    },
  );

  it('returns unsigned values (uint32_t), never negative', () => {
    expect(htonl(0xffffffff)).toBe(0xffffffff);
    expect(htonl(0x000000ff)).toBeGreaterThan(0);
    expect(memory32(htonl(INADDR_LOOPBACK))).toEqual([127, 0, 0, 1]);
  });
});

describe('bad values', () => {
  it.each([
    ['htons', htons, 0x10000],
    ['htons', htons, -1],
    ['htons', htons, 1.5],
    ['htons', htons, NaN],
    ['htons', htons, Infinity],
    ['ntohs', ntohs, 70000],
    ['htonl', htonl, 2 ** 32],
    ['htonl', htonl, -1],
    ['htonl', htonl, 0.5],
    ['ntohl', ntohl, 2 ** 40],
  ] as const)('%s(%s) throws a RangeError', (name, fn, value) => {
    expectArgError(() => fn(value), RangeError, name, /must be an integer in \[0, \d+\], got/);
  });

  it.each([
    ['htons', htons, '80'],
    ['htonl', htonl, undefined],
    ['ntohs', ntohs, 1n],
    ['ntohl', ntohl, null],
  ] as const)('%s(%s) throws a TypeError', (name, fn, value) => {
    expectArgError(() => fn(value as unknown as number), TypeError, name, /must be an integer/);
  });
});

describe('on the wire', () => {
  it('a port set with htons is the port Node.js itself listens on', async () => {
    const listener = dgram.createSocket('udp4');
    try {
      await new Promise<void>((resolve) => listener.bind(0, '127.0.0.1', resolve));
      const port = listener.address().port;
      const received = new Promise<string>((resolve) =>
        listener.once('message', (msg) => resolve(msg.toString())),
      );
      const sender = udp4(sockets);
      const dest: sockaddr_in = {
        sin_family: AF_INET,
        sin_port: htons(port),
        sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
      };
      sendto(sender.fd, Buffer.from('network order'), 13, 0, dest);
      expect(await received).toBe('network order');
    } finally {
      listener.close();
    }
  });
});
