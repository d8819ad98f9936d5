// A call re-entered from the caller's own code, through every entry (the root, bsd-sockets/c,
// bsd-sockets/promises).
//
// Arguments that cross to C are written into memory this thread shares between calls (the
// scratch of src/scratch.ts, the msg_name buffer of src/struct/msghdr.ts, the in_addr of
// src/c/inet.ts, the address of a promise call). A getter or setter the caller defines can
// run another call of the package in the middle of a call. In C each call has its own
// arguments, so the right outcome is the one C gives: the outer call sends to, receives
// from and reports exactly what its own arguments say.
//
// Two kinds of hostile code: an own `byteLength`/`length` on a view (the package reads the
// engine's own accessor instead: the getter never runs), and a getter or setter on a field
// the package must read or write (it runs, but before the shared memory is written, or
// after it was read back).
import { afterEach, describe, expect, it } from 'vitest';

import * as root from '../../src/index';
import * as c from '../../src/c/index';
import * as promises from '../../src/promises/index';
import {
  AF_INET,
  AF_UNIX,
  MSG_DONTWAIT,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  htonl,
  htons,
  ntohs,
  type sockaddr_in,
  type sockaddr_storage,
} from '../../src/index';
import { OpenSockets, loopback4, udp4 } from '../helpers/addresses';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** `view` with an own `name` getter (byteLength or length) that runs `hook` and lies. */
function lying<T extends Uint8Array>(view: T, name: 'byteLength' | 'length', hook: () => void): T {
  Object.defineProperty(view, name, {
    get(): number {
      hook();
      return 4096;
    },
  });
  return view;
}

/** An object whose `key` getter runs `hook` once, then gives `value`. */
function withGetter<T extends object>(target: T, key: string, value: unknown, hook: () => void): T {
  let ran = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): unknown {
      if (!ran) {
        ran = true;
        hook();
      }
      return value;
    },
  });
  return target;
}

/** The next datagram queued on `fd` (MSG_DONTWAIT): its text and its sender's port, or null. */
function nextDatagram(fd: number): { text: string; port: number } | null {
  const buf = new Uint8Array(64);
  const from = {} as sockaddr_storage;
  const n = c.recvfrom(fd, buf, buf.length, MSG_DONTWAIT, from, { value: 16 });
  if (n < 0) return null;
  return { text: Buffer.from(buf.subarray(0, n)).toString(), port: ntohs(from.sin_port!) };
}

type SendTo = (fd: number, buf: Uint8Array, n: number, dest: sockaddr_in) => unknown;
const sendtos: [string, SendTo][] = [
  ['root', (fd, buf, n, dest) => root.sendto(fd, buf, n, 0, dest)],
  ['bsd-sockets/c', (fd, buf, n, dest) => c.sendto(fd, buf, n, 0, dest)],
  ['bsd-sockets/promises', (fd, buf, n, dest) => promises.sendto(fd, buf, n, 0, dest)],
];

describe.each(sendtos)('sendto through %s', (_entry, sendto) => {
  function setup(): {
    sender: number;
    target: number;
    decoy: number;
    decoyPort: number;
    targetPort: number;
  } {
    const sender = udp4(sockets).fd;
    const target = udp4(sockets);
    const decoy = udp4(sockets);
    return {
      sender,
      target: target.fd,
      decoy: decoy.fd,
      decoyPort: decoy.port,
      targetPort: target.port,
    };
  }

  it('a buf.byteLength getter that sends elsewhere: never run, the datagram goes to dest_addr', async () => {
    const { sender, target, decoy, decoyPort, targetPort } = setup();
    let runs = 0;
    const buf = lying(new Uint8Array(Buffer.from('outer')), 'byteLength', () => {
      runs++;
      c.sendto(sender, Buffer.from('inner'), 5, 0, loopback4(decoyPort));
    });
    await sendto(sender, buf, 5, loopback4(targetPort));
    expect(runs).toBe(0);
    expect(nextDatagram(target)).toEqual({
      text: 'outer',
      port: ntohs(root.getsockname(sender).sin_port!),
    });
    expect(nextDatagram(decoy)).toBeNull();
  });

  it('a dest_addr.sin_addr getter that sends elsewhere: runs first, the datagram still goes to dest_addr', async () => {
    const { sender, target, decoy, decoyPort, targetPort } = setup();
    const dest = withGetter(
      { sin_family: AF_INET, sin_port: htons(targetPort) } as sockaddr_in,
      'sin_addr',
      { s_addr: htonl(0x7f000001) },
      () => void c.sendto(sender, Buffer.from('inner'), 5, 0, loopback4(decoyPort)),
    );
    await sendto(sender, Buffer.from('outer'), 5, dest);
    const senderPort = ntohs(root.getsockname(sender).sin_port!);
    expect(nextDatagram(target)).toEqual({ text: 'outer', port: senderPort });
    expect(nextDatagram(target)).toBeNull();
    expect(nextDatagram(decoy)).toEqual({ text: 'inner', port: senderPort });
  });
});

type RecvFrom = (
  fd: number,
  buf: Uint8Array,
  n: number,
  from: sockaddr_storage,
  len: { value: number },
) => unknown;
const recvfroms: [string, RecvFrom][] = [
  ['root', (fd, buf, n, from, len) => root.recvfrom(fd, buf, n, 0, from, len)],
  ['bsd-sockets/c', (fd, buf, n, from, len) => c.recvfrom(fd, buf, n, 0, from, len)],
  ['bsd-sockets/promises', (fd, buf, n, from, len) => promises.recvfrom(fd, buf, n, 0, from, len)],
];

describe.each(recvfroms)('recvfrom through %s', (_entry, recvfrom) => {
  it('a buf.byteLength getter that makes a recvfrom with a 2-byte room: never run, the whole sender address', async () => {
    const receiver = udp4(sockets);
    const other = udp4(sockets);
    const sender = udp4(sockets);
    c.sendto(sender.fd, Buffer.from('for the outer call'), 18, 0, loopback4(receiver.port));
    c.sendto(sender.fd, Buffer.from('inner'), 5, 0, loopback4(other.port));
    let runs = 0;
    const buf = lying(new Uint8Array(64), 'byteLength', () => {
      runs++;
      c.recvfrom(other.fd, new Uint8Array(8), 8, 0, {}, { value: 2 });
    });
    const from = {} as sockaddr_storage;
    const len = { value: 16 };
    expect(await recvfrom(receiver.fd, buf, 64, from, len)).toBe(18);
    expect(runs).toBe(0);
    expect(len.value).toBe(16);
    expect(from.sin_family).toBe(AF_INET);
    expect(ntohs(from.sin_port!)).toBe(sender.port);
    expect(from.sin_addr!.s_addr).toBe(htonl(0x7f000001));
  });

  it('an addrlen.value getter that makes a recvfrom with a 2-byte room: runs first, the whole sender address', async () => {
    const receiver = udp4(sockets);
    const other = udp4(sockets);
    const sender = udp4(sockets);
    const otherSender = udp4(sockets);
    c.sendto(sender.fd, Buffer.from('outer'), 5, 0, loopback4(receiver.port));
    c.sendto(otherSender.fd, Buffer.from('inner'), 5, 0, loopback4(other.port));
    const innerFrom = {} as sockaddr_storage;
    const len = withGetter({} as { value: number }, 'value', 16, () => {
      c.recvfrom(other.fd, new Uint8Array(8), 8, 0, innerFrom, { value: 2 });
    });
    // The getter replaced by a plain value when the call stores the length back.
    const from = {} as sockaddr_storage;
    const got = { value: -1 };
    Object.defineProperty(len, 'value', {
      get: Object.getOwnPropertyDescriptor(len, 'value')!.get,
      set(v: number) {
        got.value = v;
      },
    });
    expect(await recvfrom(receiver.fd, new Uint8Array(64), 64, from, len)).toBe(5);
    expect(got.value).toBe(16);
    expect(ntohs(from.sin_port!)).toBe(sender.port);
    expect(from.sin_addr!.s_addr).toBe(htonl(0x7f000001));
    // The inner call had its own room: 2 bytes, the family only.
    expect(innerFrom.sin_family).toBe(AF_INET);
    expect(innerFrom.sin_port).toBe(0);
  });
});

const selects: [string, typeof c.select][] = [
  ['root', root.select as typeof c.select],
  ['bsd-sockets/c', c.select],
];

describe.each(selects)('select through %s', (_entry, select) => {
  it('a writefds.fds_bits.byteLength getter that makes a select of another set: never run, the outer sets', () => {
    const ready = udp4(sockets);
    const idle = udp4(sockets);
    c.sendto(ready.fd, Buffer.from('x'), 1, 0, loopback4(ready.port));
    const readfds = new c.fd_set();
    c.FD_SET(ready.fd, readfds);
    c.FD_SET(idle.fd, readfds);
    const writefds = new c.fd_set();
    let runs = 0;
    lying(writefds.fds_bits, 'byteLength', () => {
      runs++;
      const inner = new c.fd_set();
      c.FD_SET(idle.fd, inner);
      c.select(idle.fd + 1, null, inner, null, { tv_sec: 0, tv_usec: 0 });
    });
    const nfds = Math.max(ready.fd, idle.fd) + 1;
    expect(select(nfds, readfds, writefds, null, { tv_sec: 1, tv_usec: 0 })).toBe(1);
    expect(runs).toBe(0);
    expect(c.FD_ISSET(ready.fd, readfds)).toBe(true);
    expect(c.FD_ISSET(idle.fd, readfds)).toBe(false);
    expect(c.FD_ISSET(idle.fd, writefds)).toBe(false);
  });

  it('a fds_bits getter that makes a select: runs before the sets are copied, the outer result', () => {
    const ready = udp4(sockets);
    const idle = udp4(sockets);
    c.sendto(ready.fd, Buffer.from('x'), 1, 0, loopback4(ready.port));
    const readfds = new c.fd_set();
    c.FD_SET(ready.fd, readfds);
    const bits = readfds.fds_bits;
    const exceptfds = withGetter({} as c.fd_set, 'fds_bits', new c.fd_set().fds_bits, () => {
      const inner = new c.fd_set();
      c.FD_SET(idle.fd, inner);
      c.select(idle.fd + 1, null, inner, null, { tv_sec: 0, tv_usec: 0 });
    });
    const nfds = Math.max(ready.fd, idle.fd) + 1;
    expect(select(nfds, readfds, null, exceptfds, { tv_sec: 1, tv_usec: 0 })).toBe(1);
    expect(readfds.fds_bits).toBe(bits);
    expect(c.FD_ISSET(ready.fd, readfds)).toBe(true);
    expect(c.FD_ISSET(idle.fd, readfds)).toBe(false);
  });
});

describe('inet_ntop', () => {
  it('bsd-sockets/c: a dst.length getter that converts 1.2.3.4: never run, 127.0.0.1', () => {
    let runs = 0;
    const dst = lying(new Uint8Array(16), 'length', () => {
      runs++;
      c.inet_ntop(AF_INET, { s_addr: htonl(0x01020304) });
    });
    lying(dst, 'byteLength', () => {
      runs++;
      c.inet_ntop(AF_INET, { s_addr: htonl(0x01020304) });
    });
    expect(c.inet_ntop(AF_INET, { s_addr: htonl(0x7f000001) }, dst)).toBe('127.0.0.1');
    expect(runs).toBe(0);
    expect(Buffer.from(dst.buffer, 0, 10).toString('latin1')).toBe('127.0.0.1\0');
  });

  it('root and bsd-sockets/c: an s_addr getter that converts 1.2.3.4 runs first: 127.0.0.1', () => {
    for (const inet_ntop of [root.inet_ntop, c.inet_ntop]) {
      const src = withGetter({} as { s_addr: number }, 's_addr', htonl(0x7f000001), () => {
        expect(c.inet_ntop(AF_INET, { s_addr: htonl(0x01020304) })).toBe('1.2.3.4');
      });
      expect(inet_ntop(AF_INET, src)).toBe('127.0.0.1');
    }
  });
});

describe('getnameinfo', () => {
  const flags = NI_NUMERICHOST | NI_NUMERICSERV;

  it('bsd-sockets/c: a host.byteLength getter that looks up an AF_UNIX address: never run, 127.0.0.1', () => {
    let runs = 0;
    const host = lying(new Uint8Array(1025), 'byteLength', () => {
      runs++;
      c.getnameinfo({ sun_family: AF_UNIX, sun_path: '/x' }, undefined, null, 0, null, 0, 0);
    });
    const serv = new Uint8Array(32);
    expect(c.getnameinfo(loopback4(4321), undefined, host, 1025, serv, 32, flags)).toBe(0);
    expect(runs).toBe(0);
    expect(Buffer.from(host.buffer, 0, 10).toString('latin1')).toBe('127.0.0.1\0');
    expect(Buffer.from(serv.subarray(0, 5)).toString('latin1')).toBe('4321\0');
  });

  it('root and bsd-sockets/c: a sin_port getter that looks up an AF_UNIX address runs first: 127.0.0.1', () => {
    const unix = { sun_family: AF_UNIX, sun_path: '/x' };
    const addr = (): sockaddr_in =>
      withGetter(
        { sin_family: AF_INET, sin_addr: { s_addr: htonl(0x7f000001) } } as sockaddr_in,
        'sin_port',
        htons(4321),
        () => void c.getnameinfo(unix, undefined, new Uint8Array(64), 64, null, 0, flags),
      );
    expect(root.getnameinfo(addr(), flags)).toEqual({ host: '127.0.0.1', serv: '4321' });
    const host = new Uint8Array(64);
    const serv = new Uint8Array(32);
    expect(c.getnameinfo(addr(), undefined, host, 64, serv, 32, flags)).toBe(0);
    expect(Buffer.from(host.subarray(0, 10)).toString('latin1')).toBe('127.0.0.1\0');
    expect(Buffer.from(serv.subarray(0, 5)).toString('latin1')).toBe('4321\0');
  });
});

const msgEntries: [string, typeof c.sendmsg, typeof c.recvmsg][] = [
  ['root', root.sendmsg, root.recvmsg],
  ['bsd-sockets/c', c.sendmsg, c.recvmsg],
];

describe.each(msgEntries)('sendmsg and recvmsg through %s', (_entry, sendmsg, recvmsg) => {
  it('a msg_iov getter that makes its own sendmsg: the outer datagram still goes to msg_name', () => {
    const sender = udp4(sockets);
    const target = udp4(sockets);
    const decoy = udp4(sockets);
    const outer = Buffer.from('outer');
    const msg = withGetter(
      { msg_name: loopback4(target.port) } as c.msghdr,
      'msg_iov',
      [{ iov_base: outer, iov_len: 5 }],
      () => {
        const inner = Buffer.from('inner');
        expect(
          c.sendmsg(
            sender.fd,
            { msg_name: loopback4(decoy.port), msg_iov: [{ iov_base: inner, iov_len: 5 }] },
            0,
          ),
        ).toBe(5);
      },
    );
    expect(sendmsg(sender.fd, msg, 0)).toBe(5);
    expect(nextDatagram(target.fd)).toEqual({ text: 'outer', port: sender.port });
    expect(nextDatagram(target.fd)).toBeNull();
    expect(nextDatagram(decoy.fd)).toEqual({ text: 'inner', port: sender.port });
  });

  it('an iov_base.byteLength getter that makes a sendmsg: never run, the datagram goes to msg_name', () => {
    const sender = udp4(sockets);
    const target = udp4(sockets);
    const decoy = udp4(sockets);
    let runs = 0;
    const base = lying(new Uint8Array(Buffer.from('outer')), 'byteLength', () => {
      runs++;
      c.sendmsg(
        sender.fd,
        { msg_name: loopback4(decoy.port), msg_iov: [{ iov_base: Buffer.from('x'), iov_len: 1 }] },
        0,
      );
    });
    expect(
      sendmsg(
        sender.fd,
        { msg_name: loopback4(target.port), msg_iov: [{ iov_base: base, iov_len: 5 }] },
        0,
      ),
    ).toBe(5);
    expect(runs).toBe(0);
    expect(nextDatagram(target.fd)).toEqual({ text: 'outer', port: sender.port });
    expect(nextDatagram(decoy.fd)).toBeNull();
  });

  it('a msg_flags setter that makes a recvmsg: the outer call reports its own sender', () => {
    const receiver = udp4(sockets);
    const other = udp4(sockets);
    const sender = udp4(sockets);
    const otherSender = udp4(sockets);
    c.sendto(sender.fd, Buffer.from('outer'), 5, 0, loopback4(receiver.port));
    c.sendto(otherSender.fd, Buffer.from('inner'), 5, 0, loopback4(other.port));
    const from = {} as sockaddr_storage;
    const innerFrom = {} as sockaddr_storage;
    const flagsSeen: number[] = [];
    const msg = {
      msg_name: from,
      msg_iov: [{ iov_base: new Uint8Array(16), iov_len: 16 }],
    } as c.msghdr;
    Object.defineProperty(msg, 'msg_flags', {
      get: () => 0,
      set(v: number) {
        flagsSeen.push(v);
        const inner = {
          msg_name: innerFrom,
          msg_iov: [{ iov_base: new Uint8Array(16), iov_len: 16 }],
        };
        expect(c.recvmsg(other.fd, inner, 0)).toBe(5);
      },
    });
    expect(recvmsg(receiver.fd, msg, 0)).toBe(5);
    expect(flagsSeen).toEqual([0]);
    expect(ntohs(from.sin_port!)).toBe(sender.port);
    expect(msg.msg_namelen).toBe(16);
    expect(ntohs(innerFrom.sin_port!)).toBe(otherSender.port);
  });
});

describe('a socklen_t box where C passes a socklen_t by value (issue 20)', () => {
  it('accept(…, &len) then sendto(…, len): one box serves both, in every entry', async () => {
    const receiver = udp4(sockets);
    const sender = udp4(sockets);
    c.sendto(sender.fd, Buffer.from('ping'), 4, 0, loopback4(receiver.port));
    const cliaddr = {} as sockaddr_storage;
    const len = { value: 16 };
    expect(c.recvfrom(receiver.fd, new Uint8Array(8), 8, 0, cliaddr, len)).toBe(4);
    expect(len.value).toBe(16);
    expect(c.sendto(receiver.fd, Buffer.from('c'), 1, 0, cliaddr, len)).toBe(1);
    expect(root.sendto(receiver.fd, Buffer.from('r'), 1, 0, cliaddr, len)).toBe(1);
    expect(await promises.sendto(receiver.fd, Buffer.from('p'), 1, 0, cliaddr, len)).toBe(1);
    for (const text of ['c', 'r', 'p']) {
      expect(nextDatagram(sender.fd)).toEqual({ text, port: receiver.port });
    }
    // A box too short for the address is what C passes: the kernel says EINVAL.
    expect(c.sendto(receiver.fd, Buffer.from('x'), 1, 0, cliaddr, { value: 3 })).toBe(-1);
    expect(c.errno).toBe(c.EINVAL);
  });

  it('bind, connect, getnameinfo, setsockopt take the box too', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM, 0);
    const len = { value: 16 };
    expect(c.bind(fd, loopback4(), len)).toBe(0);
    const peer = udp4(sockets);
    expect(c.connect(fd, loopback4(peer.port), len)).toBe(0);
    const host = new Uint8Array(64);
    expect(c.getnameinfo(loopback4(80), len, host, { value: 64 }, null, 0, NI_NUMERICHOST)).toBe(0);
    expect(Buffer.from(host.subarray(0, 9)).toString()).toBe('127.0.0.1');
    expect(c.setsockopt(fd, c.SOL_SOCKET, c.SO_REUSEADDR, 1, { value: 4 })).toBe(0);
    expect(() => c.bind(fd, loopback4(), { value: -1 })).toThrow(
      /^bind: addrlen must be an integer in \[0, 4294967295\], got -1$/,
    );
  });
});
