// sendmsg and recvmsg, in C's convention (src/c/msg.ts) and throwing (src/msg.ts): iovecs,
// msg_name, control messages (SCM_RIGHTS, SO_TIMESTAMP), MSG_TRUNC and MSG_CTRUNC, the
// CMSG_* macros against C's, exact errnos, and arguments that would read or write out of
// bounds. Also sockaddr_ll and sockaddr_nl, round trips through bind and getsockname.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/msg';
import { getsockname as cgetsockname } from '../../src/c/sockname';
import * as layout from '../../src/layout';
import * as root from '../../src/index';
import {
  AF_INET,
  AF_NETLINK,
  AF_PACKET,
  AF_UNIX,
  CMSG_ALIGN,
  CMSG_DATA,
  CMSG_FIRSTHDR,
  CMSG_LEN,
  CMSG_NXTHDR,
  CMSG_SPACE,
  EBADF,
  EMSGSIZE,
  ENOTSOCK,
  ETH_P_ALL,
  MSG_CTRUNC,
  MSG_DONTWAIT,
  MSG_TRUNC,
  EAGAIN,
  NETLINK_SOCK_DIAG,
  SCM_RIGHTS,
  SCM_TIMESTAMP,
  SOCK_DGRAM,
  SOCK_RAW,
  SOL_SOCKET,
  SO_TIMESTAMP,
  cmsg_buffer,
  cmsgs,
  htons,
  if_nametoindex,
  recvmsg,
  sendmsg,
  setsockopt,
  type msghdr,
  type sockaddr_storage,
} from '../../src/index';
import { get_errno, set_errno } from '../../src/scratch';
import { native } from '../../src/binding';
import { OpenSockets, loopback4, udp4 } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

function failsWith(call: () => number, err: number): void {
  set_errno(0);
  expect(call()).toBe(-1);
  expect(get_errno()).toBe(err);
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const int32s = (...values: number[]): Uint8Array => new Uint8Array(new Int32Array(values).buffer);

describe('sendmsg / recvmsg', () => {
  it('send two iovecs as one datagram, and receive it into two buffers with the sender', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    const sent = sendmsg(
      client.fd,
      {
        msg_name: loopback4(server.port),
        msg_iov: [
          { iov_base: text('Hello, '), iov_len: 7 },
          { iov_base: text('world!xx'), iov_len: 6 },
        ],
      },
      0,
    );
    expect(sent).toBe(13);
    const a = new Uint8Array(5);
    const b = new Uint8Array(20);
    const from = {} as sockaddr_storage;
    const msg: msghdr = {
      msg_name: from,
      msg_iov: [
        { iov_base: a, iov_len: 5 },
        { iov_base: b, iov_len: 20 },
      ],
    };
    expect(recvmsg(server.fd, msg, 0)).toBe(13);
    expect(Buffer.from(a).toString()).toBe('Hello');
    expect(Buffer.from(b.subarray(0, 8)).toString()).toBe(', world!');
    expect(msg.msg_namelen).toBe(16);
    expect(msg.msg_flags).toBe(0);
    expect(from.sin_family).toBe(AF_INET);
    expect(from.sin_port).toBe(htons(client.port));
  });

  it('MSG_TRUNC in msg_flags when the datagram is longer than the buffers', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    sendmsg(
      client.fd,
      {
        msg_name: loopback4(server.port),
        msg_iov: [{ iov_base: text('0123456789'), iov_len: 10 }],
      },
      0,
    );
    const msg: msghdr = { msg_iov: [{ iov_base: new Uint8Array(4), iov_len: 4 }] };
    expect(recvmsg(server.fd, msg, 0)).toBe(4);
    expect(msg.msg_flags! & MSG_TRUNC).toBe(MSG_TRUNC);
  });

  it('passes a file descriptor (SCM_RIGHTS), and reports MSG_CTRUNC when the control buffer is short', () => {
    const [a, b] = sockets.pair(AF_UNIX, SOCK_DGRAM);
    const control = cmsg_buffer([
      { cmsg_level: SOL_SOCKET, cmsg_type: SCM_RIGHTS, cmsg_data: int32s(a) },
    ]);
    expect(control.byteLength).toBe(CMSG_SPACE(4));
    expect(
      c.sendmsg(a, { msg_iov: [{ iov_base: text('fd'), iov_len: 2 }], msg_control: control }, 0),
    ).toBe(2);
    const msg: msghdr = {
      msg_iov: [{ iov_base: new Uint8Array(8), iov_len: 8 }],
      msg_control: new Uint8Array(CMSG_SPACE(4)),
    };
    expect(c.recvmsg(b, msg, 0)).toBe(2);
    expect(msg.msg_flags).toBe(0);
    expect(msg.msg_controllen).toBe(CMSG_SPACE(4));
    const cmsg = CMSG_FIRSTHDR(msg)!;
    expect([cmsg.cmsg_level, cmsg.cmsg_type, cmsg.cmsg_len]).toEqual([
      SOL_SOCKET,
      SCM_RIGHTS,
      CMSG_LEN(4),
    ]);
    const received = new DataView(CMSG_DATA(msg, cmsg).buffer).getInt32(0, true);
    sockets.add(received);
    expect(received).not.toBe(a);
    expect(CMSG_NXTHDR(msg, cmsg)).toBeNull();

    // Three fds into room for one: MSG_CTRUNC, and the walk sees only what fitted.
    const three = cmsg_buffer([
      { cmsg_level: SOL_SOCKET, cmsg_type: SCM_RIGHTS, cmsg_data: int32s(a, a, a) },
    ]);
    c.sendmsg(a, { msg_iov: [{ iov_base: text('x'), iov_len: 1 }], msg_control: three }, 0);
    const short: msghdr = {
      msg_iov: [{ iov_base: new Uint8Array(8), iov_len: 8 }],
      msg_control: new Uint8Array(CMSG_SPACE(0)),
    };
    expect(c.recvmsg(b, short, 0)).toBe(1);
    expect(short.msg_flags! & MSG_CTRUNC).toBe(MSG_CTRUNC);
    for (const m of cmsgs(short)) {
      const view = new DataView(m.cmsg_data.buffer);
      for (let i = 0; i + 4 <= m.cmsg_data.byteLength; i += 4) sockets.add(view.getInt32(i, true));
    }
  });

  it('receives SO_TIMESTAMP as a struct timeval control message', () => {
    const server = udp4(sockets);
    const client = udp4(sockets);
    setsockopt(server.fd, SOL_SOCKET, SO_TIMESTAMP, 1);
    sendmsg(
      client.fd,
      { msg_name: loopback4(server.port), msg_iov: [{ iov_base: text('t'), iov_len: 1 }] },
      0,
    );
    const msg: msghdr = {
      msg_iov: [{ iov_base: new Uint8Array(4), iov_len: 4 }],
      msg_control: new Uint8Array(CMSG_SPACE(16)),
    };
    const before = Date.now();
    expect(recvmsg(server.fd, msg, 0)).toBe(1);
    const [cmsg] = cmsgs(msg);
    expect([cmsg.cmsg_level, cmsg.cmsg_type, cmsg.cmsg_data.byteLength]).toEqual([
      SOL_SOCKET,
      SCM_TIMESTAMP,
      16,
    ]);
    const tv_sec = Number(new DataView(cmsg.cmsg_data.buffer).getBigInt64(0, true));
    expect(Math.abs(tv_sec - before / 1000)).toBeLessThan(5);
  });

  it('fails with the errno C gets: EBADF, ENOTSOCK, EAGAIN, EMSGSIZE', () => {
    const buf = new Uint8Array(8);
    failsWith(() => c.recvmsg(-1, { msg_iov: [{ iov_base: buf, iov_len: 8 }] }, 0), EBADF);
    const file = fs.openSync(__filename, 'r');
    try {
      failsWith(() => c.sendmsg(file, { msg_iov: [{ iov_base: buf, iov_len: 8 }] }, 0), ENOTSOCK);
    } finally {
      fs.closeSync(file);
    }
    const server = udp4(sockets);
    failsWith(
      () => c.recvmsg(server.fd, { msg_iov: [{ iov_base: buf, iov_len: 8 }] }, MSG_DONTWAIT),
      EAGAIN,
    );
    // More than IOV_MAX (1024) iovecs.
    const many = Array.from({ length: 1025 }, () => ({ iov_base: buf, iov_len: 1 }));
    failsWith(
      () => c.sendmsg(server.fd, { msg_name: loopback4(server.port), msg_iov: many }, 0),
      EMSGSIZE,
    );
    expectErrno(() => recvmsg(-1, { msg_iov: [] }, 0), 'EBADF', 'recvmsg');
    expectErrno(() => root.sendmsg(-1, { msg_iov: [] }, 0), 'EBADF', 'sendmsg');
  });

  it('rejects arguments that would make the kernel read or write past a buffer', () => {
    const buf = new Uint8Array(8);
    expectArgError(
      () => c.recvmsg(0, { msg_iov: [{ iov_base: buf, iov_len: 9 }] }, 0),
      RangeError,
      'recvmsg',
      /iov_len \(9\) exceeds iov_base.byteLength \(8\)/,
    );
    expectArgError(
      () =>
        c.recvmsg(
          0,
          { msg_iov: [{ iov_base: buf, iov_len: 1 }], msg_control: buf, msg_controllen: 9 },
          0,
        ),
      RangeError,
      'recvmsg',
      /msg_controllen \(9\) exceeds/,
    );
    expectArgError(
      () => c.recvmsg(0, { msg_iov: [{ iov_base: buf, iov_len: 1 }], msg_iovlen: 2 }, 0),
      RangeError,
      'recvmsg',
      /msg_iovlen/,
    );
    expectArgError(
      () =>
        c.recvmsg(0, { msg_iov: [{ iov_base: 'text' as unknown as Uint8Array, iov_len: 1 }] }, 0),
      TypeError,
      'recvmsg',
      /iov_base must be a Uint8Array/,
    );
    expectArgError(
      () => c.recvmsg(0, null as unknown as msghdr, 0),
      TypeError,
      'recvmsg',
      /msg must be an object/,
    );
    expectArgError(
      () => c.sendmsg(0, { msg_iov: {} as unknown as [] }, 0),
      TypeError,
      'sendmsg',
      /msg_iov must be an array/,
    );
    expectArgError(
      () => c.sendmsg(0, { msg_name: 5 as unknown as object, msg_iov: [] }, 0),
      TypeError,
      'sendmsg',
      /msg_name/,
    );
    expectArgError(() => c.sendmsg(1.5, { msg_iov: [] }, 0), RangeError, 'sendmsg', /sockfd/);

    // The native guard, given bytes TypeScript would never build.
    const raw = native as unknown as Record<string, (...args: unknown[]) => number>;
    const msg = new Uint8Array(new ArrayBuffer(layout.msghdr.size));
    const view = new DataView(msg.buffer);
    view.setBigUint64(layout.msghdr.msg_iovlen.offset, 1n, true);
    const iov = new Uint8Array(new ArrayBuffer(layout.iovec.size));
    new DataView(iov.buffer).setBigUint64(layout.iovec.iov_len.offset, 100n, true);
    expect(() => raw.recvmsg(0, msg, 0, iov, null, null, buf)).toThrow(RangeError);
    expect(() => raw.recvmsg(0, msg, 0, iov, null, null)).toThrow(/msg_iovlen 1 but 0/);
    expect(() => raw.recvmsg(0, new Uint8Array(8), 0, null, null, null)).toThrow(RangeError);
    view.setBigUint64(layout.msghdr.msg_iovlen.offset, 0n, true);
    view.setBigUint64(layout.msghdr.msg_controllen.offset, 64n, true);
    expect(() => raw.recvmsg(0, msg, 0, null, null, buf)).toThrow(/fewer than msg_controllen/);
  });
});

describe('CMSG_ALIGN, CMSG_SPACE, CMSG_LEN', () => {
  it('are the C macros', (ctx) => {
    if (spawnSync('gcc', ['--version']).error) ctx.skip('gcc is not installed');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmsg-'));
    try {
      const sizes = [0, 1, 4, 7, 8, 12, 16, 20, 100];
      const source = [
        '#include <stdio.h>',
        '#include <sys/socket.h>',
        'int main(void) {',
        ...sizes.map(
          (n) =>
            `  printf("%zu %zu %zu\\n", (size_t)CMSG_ALIGN(${n}), (size_t)CMSG_SPACE(${n}), (size_t)CMSG_LEN(${n}));`,
        ),
        '  return 0;',
        '}',
      ].join('\n');
      fs.writeFileSync(path.join(dir, 'cmsg.c'), source);
      const compiled = spawnSync('gcc', ['-o', path.join(dir, 'cmsg'), path.join(dir, 'cmsg.c')]);
      expect(compiled.status).toBe(0);
      const printed = spawnSync(path.join(dir, 'cmsg'), { encoding: 'utf8' }).stdout;
      expect(printed).toBe(
        sizes.map((n) => `${CMSG_ALIGN(n)} ${CMSG_SPACE(n)} ${CMSG_LEN(n)}\n`).join(''),
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('sockaddr_ll and sockaddr_nl round trips', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'bind a packet socket to lo and read the sockaddr_ll back',
    () => {
      const fd = sockets.open(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
      const lo = if_nametoindex('lo');
      root.bind(fd, { sll_family: AF_PACKET, sll_protocol: htons(ETH_P_ALL), sll_ifindex: lo });
      const addr = {} as sockaddr_storage;
      const len = { value: 128 };
      expect(cgetsockname(fd, addr, len)).toBe(0);
      expect(len.value).toBe(layout.sockaddr_ll.sll_addr.offset + addr.sll_halen!); // 18: a 6-byte address
      expect([addr.sll_family, addr.sll_protocol, addr.sll_ifindex, addr.sll_hatype]).toEqual([
        AF_PACKET,
        htons(ETH_P_ALL),
        lo,
        772, // ARPHRD_LOOPBACK
      ]);
    },
  );

  it('bind a netlink socket and read the kernel-given nl_pid back', () => {
    const fd = sockets.open(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
    root.bind(fd, { nl_family: AF_NETLINK, nl_pid: 0, nl_groups: 0 });
    const addr = {} as sockaddr_storage;
    const len = { value: 128 };
    expect(cgetsockname(fd, addr, len)).toBe(0);
    expect(len.value).toBe(12);
    expect(addr.nl_family).toBe(AF_NETLINK);
    expect(addr.nl_pid).toBeGreaterThan(0);
    expect(addr.nl_groups).toBe(0);
  });
});
