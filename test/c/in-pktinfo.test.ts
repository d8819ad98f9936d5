// as_in_pktinfo: the cast `(struct in_pktinfo *)CMSG_DATA(cmsg)` of ip(7)'s IP_PKTINFO, read
// from bytes laid out as the kernel writes them, and from a real datagram on loopback.
import { describe, expect, it } from 'vitest';

import {
  AF_INET,
  CMSG_DATA,
  CMSG_FIRSTHDR,
  CMSG_SPACE,
  INADDR_LOOPBACK,
  IPPROTO_IP,
  IP_PKTINFO,
  MSG_DONTWAIT,
  SOCK_DGRAM,
  as_in_pktinfo,
  bind,
  close,
  getsockname,
  htonl,
  if_nametoindex,
  iovec,
  msghdr,
  ntohl,
  recvmsg,
  sendto,
  setsockopt,
  sizeof,
  sockaddr_in,
  socket,
} from '../../src/c';
import { as_in_pktinfo as root_as_in_pktinfo } from '../../src';

describe('as_in_pktinfo', () => {
  it('is 12 bytes, as the compiler lays struct in_pktinfo out on Linux', () => {
    expect(sizeof.in_pktinfo).toBe(12);
  });

  it('reads ipi_ifindex in host order and the two addresses as s_addr keeps them', () => {
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, 7, true); // x86-64 and aarch64 are little-endian: the host's order
    bytes.set([127, 0, 0, 1], 4);
    bytes.set([127, 0, 0, 2], 8);
    const pi = as_in_pktinfo(bytes);
    expect(pi.ipi_ifindex).toBe(7);
    expect(ntohl(pi.ipi_spec_dst.s_addr)).toBe(0x7f000001);
    expect(ntohl(pi.ipi_addr.s_addr)).toBe(0x7f000002);
    expect(root_as_in_pktinfo).toBe(as_in_pktinfo);
  });

  it('is a RangeError on fewer than 12 bytes and a TypeError on what is not bytes', () => {
    expect(() => as_in_pktinfo(new Uint8Array(11))).toThrow(
      new RangeError('as_in_pktinfo: bytes must hold at least 12 bytes, got 11'),
    );
    expect(() => as_in_pktinfo('abc' as never)).toThrow(TypeError);
  });

  it("reads a datagram's IP_PKTINFO: lo's index, sent to 127.0.0.1", () => {
    const fd = socket(AF_INET, SOCK_DGRAM, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    try {
      const addr = new sockaddr_in();
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      expect(bind(fd, addr, sizeof(addr))).toBe(0);
      const len = { value: sizeof(addr) };
      expect(getsockname(fd, addr, len)).toBe(0);
      expect(setsockopt(fd, IPPROTO_IP, IP_PKTINFO, 1, sizeof.int)).toBe(0);
      const hello = new TextEncoder().encode('hello');
      expect(sendto(fd, hello, hello.length, 0, addr, sizeof(addr))).toBe(5);
      // Loopback queues a UDP datagram before sendto returns: MSG_DONTWAIT never waits.
      const buf = new Uint8Array(16);
      const iov = new iovec();
      iov.iov_base = buf;
      iov.iov_len = buf.length;
      const msg = new msghdr();
      msg.msg_iov = [iov];
      msg.msg_iovlen = 1;
      msg.msg_control = new Uint8Array(CMSG_SPACE(sizeof.in_pktinfo));
      msg.msg_controllen = msg.msg_control.length;
      expect(recvmsg(fd, msg, MSG_DONTWAIT)).toBe(5);
      const cmsg = CMSG_FIRSTHDR(msg)!;
      expect([cmsg.cmsg_level, cmsg.cmsg_type]).toEqual([IPPROTO_IP, IP_PKTINFO]);
      const pi = as_in_pktinfo(CMSG_DATA(msg, cmsg));
      expect(pi.ipi_ifindex).toBe(if_nametoindex('lo'));
      expect(ntohl(pi.ipi_addr.s_addr)).toBe(INADDR_LOOPBACK);
      expect(ntohl(pi.ipi_spec_dst.s_addr)).toBe(INADDR_LOOPBACK);
    } finally {
      close(fd);
    }
  });
});
