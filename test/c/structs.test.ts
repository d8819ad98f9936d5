// Structs declared as in C (issue 20, items 3 and 5): the zeroed constructors, sizeof,
// bzero/memset on a struct, struct assignment, the union views as_int/as_linger/as_timeval,
// and char_ptr, each on real sockets where a call takes them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  FD_ISSET,
  FD_SET,
  INADDR_LOOPBACK,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  SO_RCVBUF,
  SO_RCVTIMEO,
  addrinfo,
  as_int,
  as_linger,
  as_timeval,
  bind,
  bzero,
  char_ptr,
  close,
  fd_set,
  getaddrinfo,
  getsockname,
  getsockopt,
  htonl,
  htons,
  in6_addr,
  in_addr,
  iovec,
  layout,
  linger,
  memset,
  msghdr,
  ntohl,
  pollfd,
  setsockopt,
  sizeof,
  sockaddr_in,
  sockaddr_in6,
  sockaddr_ll,
  sockaddr_nl,
  sockaddr_storage,
  sockaddr_un,
  socket,
  struct_assign,
  struct_copy,
  timeval,
  type addrinfo_ptr,
  type socklen_t,
} from '../../src/c';
import * as libc from '../../src/libc';

describe('zeroed constructors', () => {
  it('are the structs as memset(&s, 0, sizeof s) leaves them', () => {
    expect({ ...new sockaddr_in() }).toEqual({
      sin_family: 0,
      sin_port: 0,
      sin_addr: { s_addr: 0 },
      sin_zero: new Uint8Array(8),
    });
    expect({ ...new sockaddr_in6() }).toEqual({
      sin6_family: 0,
      sin6_port: 0,
      sin6_flowinfo: 0,
      sin6_addr: { s6_addr: new Uint8Array(16) },
      sin6_scope_id: 0,
    });
    expect({ ...new sockaddr_un() }).toEqual({ sun_family: 0, sun_path: new Uint8Array(108) });
    expect({ ...new sockaddr_storage() }).toEqual({ ss_family: 0 });
    expect({ ...new sockaddr_ll() }).toEqual({
      sll_family: 0,
      sll_protocol: 0,
      sll_ifindex: 0,
      sll_hatype: 0,
      sll_pkttype: 0,
      sll_halen: 0,
      sll_addr: new Uint8Array(8),
    });
    expect({ ...new sockaddr_nl() }).toEqual({ nl_family: 0, nl_pid: 0, nl_groups: 0 });
    expect({ ...new in_addr() }).toEqual({ s_addr: 0 });
    expect({ ...new in6_addr() }).toEqual({ s6_addr: new Uint8Array(16) });
    expect({ ...new timeval() }).toEqual({ tv_sec: 0, tv_usec: 0 });
    expect({ ...new linger() }).toEqual({ l_onoff: 0, l_linger: 0 });
    expect({ ...new pollfd() }).toEqual({ fd: 0, events: 0, revents: 0 });
    expect({ ...new iovec() }).toEqual({ iov_base: new Uint8Array(0), iov_len: 0 });
    expect({ ...new msghdr() }).toEqual({
      msg_name: null,
      msg_namelen: 0,
      msg_iov: [],
      msg_iovlen: 0,
      msg_control: null,
      msg_controllen: 0,
      msg_flags: 0,
    });
    const hints = new addrinfo();
    expect([hints.ai_flags, hints.ai_family, hints.ai_socktype, hints.ai_protocol]).toEqual([
      0, 0, 0, 0,
    ]);
    expect([hints.ai_canonname, hints.ai_next, [...hints].length]).toEqual([null, null, 1]);
  });

  it('struct sockaddr_in a; bzero(&a, sizeof(a)); binds, and getsockname fills another', () => {
    const s = socket(AF_INET, SOCK_DGRAM, 0);
    expect(s).toBeGreaterThanOrEqual(0);
    try {
      const servaddr = new sockaddr_in();
      bzero(servaddr, sizeof(servaddr));
      servaddr.sin_family = AF_INET;
      servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      servaddr.sin_port = htons(0);
      expect(bind(s, servaddr, sizeof(servaddr))).toBe(0);
      const local = new sockaddr_in();
      const len: socklen_t = { value: sizeof(local) };
      expect(getsockname(s, local, len)).toBe(0);
      expect(len.value).toBe(16);
      expect([local.sin_family, ntohl(local.sin_addr.s_addr)]).toEqual([AF_INET, INADDR_LOOPBACK]);
      expect(local.sin_port).not.toBe(0);
    } finally {
      close(s);
    }
  });

  it('struct sockaddr_un, its sun_path filled as C fills it, binds that path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-un-'));
    const s = socket(AF_UNIX, SOCK_STREAM, 0);
    try {
      const addr = new sockaddr_un();
      memset(addr, 0, sizeof(addr));
      addr.sun_family = AF_UNIX;
      const file = path.join(dir, 's');
      (addr.sun_path as Uint8Array).set(Buffer.from(file)); // strncpy(addr.sun_path, …)
      expect(bind(s, addr, sizeof(addr))).toBe(0);
      expect(fs.statSync(file).isSocket()).toBe(true);
    } finally {
      close(s);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('struct addrinfo hints; memset(&hints, 0, sizeof hints) is getaddrinfo hints', () => {
    const hints = new addrinfo();
    memset(hints, 0, sizeof(hints));
    hints.ai_family = AF_INET6;
    hints.ai_socktype = SOCK_STREAM;
    const res: addrinfo_ptr = { value: null };
    expect(getaddrinfo('::1', '7', hints, res)).toBe(0);
    expect(res.value?.ai_family).toBe(AF_INET6);
    expect(res.value?.ai_addr.sin6_port).toBe(htons(7));
  });
});

describe('sizeof', () => {
  it('is the C size of a struct, by its class or by its fields, and of the C types', () => {
    expect(sizeof(new sockaddr_in())).toBe(16);
    expect(sizeof({ sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } })).toBe(16);
    expect(sizeof(new sockaddr_in6())).toBe(28);
    expect(sizeof(new sockaddr_un())).toBe(110);
    expect(sizeof(new sockaddr_storage())).toBe(128);
    expect([sizeof(new sockaddr_ll()), sizeof(new sockaddr_nl())]).toEqual([20, 12]);
    expect(sizeof(new fd_set())).toBe(layout.fd_set.size);
    expect(sizeof(new timeval())).toBe(layout.timeval.size);
    expect(sizeof(new linger())).toBe(8);
    expect(sizeof([new pollfd(), new pollfd()])).toBe(16); // struct pollfd client[2]
    expect(sizeof(new addrinfo())).toBe(layout.addrinfo.size);
    expect(sizeof(new Uint8Array(4096))).toBe(4096); // char buf[4096]
    expect(sizeof(1)).toBe(4); // int on = 1; sizeof(on)
    expect([sizeof.char, sizeof.short, sizeof.int, sizeof.long, sizeof.long_long]).toEqual([
      1, 2, 4, 8, 8,
    ]);
    expect([sizeof.size_t, sizeof.socklen_t, sizeof.time_t, sizeof.sockaddr_in]).toEqual([
      8, 4, 8, 16,
    ]);
    expect(() => sizeof('x' as unknown as object)).toThrow(TypeError);
    expect(() => sizeof({} as object)).toThrow(/sizeof: x must be a struct/);
    expect(Object.isFrozen(sizeof)).toBe(true);
  });
});

describe('bzero and memset', () => {
  it('zero a struct in place, embedded structs and byte arrays included', () => {
    const a: sockaddr_in = new sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(80);
    const sin_addr = a.sin_addr;
    sin_addr.s_addr = 0x0100007f;
    a.sin_zero?.fill(7);
    bzero(a, sizeof(a));
    expect({ ...a }).toEqual({ ...new sockaddr_in() });
    expect(a.sin_addr).toBe(sin_addr); // the same embedded struct, zeroed
  });

  it('zero a sockaddr_storage a call filled, and a plain object of the struct', () => {
    const ss = new sockaddr_storage();
    Object.assign(ss, {
      ss_family: AF_INET,
      sin_family: AF_INET,
      sin_port: 5,
      sin_addr: { s_addr: 9 },
    });
    bzero(ss, sizeof(ss));
    expect({ ...ss }).toEqual({
      ss_family: 0,
      sin_family: 0,
      sin_port: 0,
      sin_addr: { s_addr: 0 },
    });
    const t = { tv_sec: 3, tv_usec: 4 };
    expect(memset(t, 0, sizeof(t))).toBe(t);
    expect(t).toEqual({ tv_sec: 0, tv_usec: 0 });
  });

  it('on a byte array are C’s; a part of a struct or another byte is a RangeError', () => {
    const buf = libc.char_array(8);
    buf.fill(1);
    expect(libc.memset(buf, 0x141, 4)).toBe(buf);
    expect([...buf]).toEqual([0x41, 0x41, 0x41, 0x41, 1, 1, 1, 1]);
    libc.bzero(buf, 8);
    expect([...buf]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => bzero(buf, 9)).toThrow(RangeError);
    const a = new sockaddr_in();
    expect(() => bzero(a, 8)).toThrow(/n must be sizeof\(s\) \(16\)/);
    expect(() => memset(a, 1, 16)).toThrow(/set to 0 bytes only/);
    expect(() => bzero(null as unknown as object, 0)).toThrow(TypeError);
    const cycle: Record<string, unknown> = { tv_sec: 1, tv_usec: 2 };
    cycle.next = cycle; // not a C struct: a clear error, not a stack overflow
    expect(() => bzero(cycle, sizeof.timeval)).toThrow(/bzero: the struct nests more than 8/);
    expect(() => struct_copy(cycle)).toThrow(/struct_copy: the struct nests more than 8/);
    expect(() => struct_assign({}, cycle)).toThrow(/struct_assign: the struct nests/);
  });
});

describe('struct assignment', () => {
  it('rset = allset is struct_assign(rset, allset): the bytes copied, the array kept', () => {
    const allset = new fd_set();
    const rset = new fd_set();
    const bits = rset.fds_bits;
    FD_SET(3, allset);
    FD_SET(700, allset);
    struct_assign(rset, allset);
    expect(rset.fds_bits).toBe(bits);
    expect([FD_ISSET(3, rset), FD_ISSET(700, rset), FD_ISSET(4, rset)]).toEqual([
      true,
      true,
      false,
    ]);
    FD_SET(4, rset); // rset is a copy: allset is unchanged
    expect(FD_ISSET(4, allset)).toBe(false);
  });

  it('copies embedded structs field by field, and struct_copy makes a new one', () => {
    const a = new sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = 42;
    const b = new sockaddr_in();
    const b_addr = b.sin_addr;
    struct_assign(b, a);
    expect(b.sin_addr).toBe(b_addr);
    expect(b).toEqual(a);
    a.sin_addr.s_addr = 1;
    expect(b.sin_addr.s_addr).toBe(42);
    const c = struct_copy(b);
    expect(c).toBeInstanceOf(sockaddr_in);
    expect(c).toEqual(b);
    expect(c.sin_addr).not.toBe(b.sin_addr);
    const set = new fd_set();
    FD_SET(9, set);
    const copy = struct_copy(set);
    expect([copy instanceof fd_set, FD_ISSET(9, copy), copy.fds_bits !== set.fds_bits]).toEqual([
      true,
      true,
      true,
    ]);
  });
});

describe('union views and char pointers', () => {
  it('union { int i; struct linger l; struct timeval t; } val, read after getsockopt', () => {
    const s = socket(AF_INET, SOCK_STREAM, 0);
    try {
      const val = libc.char_array(sizeof.timeval);
      const len: socklen_t = { value: sizeof(val) };
      expect(getsockopt(s, SOL_SOCKET, SO_RCVBUF, val, len)).toBe(0);
      expect(len.value).toBe(sizeof.int);
      const rcvbuf = { value: 0 };
      getsockopt(s, SOL_SOCKET, SO_RCVBUF, rcvbuf, { value: sizeof.int });
      expect(as_int(val)).toBe(rcvbuf.value);

      expect(setsockopt(s, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 5 })).toBe(0);
      len.value = sizeof(val);
      expect(getsockopt(s, SOL_SOCKET, SO_LINGER, val, len)).toBe(0);
      expect(len.value).toBe(sizeof.linger);
      expect(as_linger(val)).toEqual({ l_onoff: 1, l_linger: 5 });

      expect(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 2, tv_usec: 500000 })).toBe(0);
      len.value = sizeof(val);
      expect(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, val, len)).toBe(0);
      expect(len.value).toBe(sizeof.timeval);
      expect(as_timeval(val)).toEqual({ tv_sec: 2, tv_usec: 500000 });
      expect(() => as_timeval(new Uint8Array(4))).toThrow(RangeError);
      expect(() => as_int([1, 2, 3, 4] as unknown as Uint8Array)).toThrow(TypeError);
    } finally {
      close(s);
    }
  });

  it('*ptr++ = c; *ptr = 0; ptr - buf; buf + n', () => {
    const buf = libc.char_array(8);
    const ptr = char_ptr(buf);
    for (const c of Buffer.from('abc')) ptr.put(c);
    ptr.set(0);
    expect(libc.strlen(buf)).toBe(3);
    expect(ptr.offset).toBe(3);
    expect([...ptr.add(-3).bytes().subarray(0, 3)]).toEqual([0x61, 0x62, 0x63]);
    expect([ptr.get(), ptr.deref()]).toEqual([0x61, 0x62]);
    const end = char_ptr(buf, 8);
    expect(() => end.put(1)).toThrow(RangeError);
    expect(end.bytes().length).toBe(0);
  });
});
