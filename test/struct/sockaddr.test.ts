// The sockaddr codecs on byte fixtures, no socket involved: what encode_sockaddr writes is
// the struct C would hold, byte for byte, and decode_sockaddr reads it back as the cast does.
import { describe, expect, it } from 'vitest';

import { AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_UNIX, htonl, htons } from '../../src/index';
import { decode_sockaddr, encode_sockaddr, type Memory } from '../../src/struct/sockaddr';

function memory(): Memory {
  const bytes = new Uint8Array(128 + 8).fill(0xee);
  return { bytes, view: new DataView(bytes.buffer) };
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
// Family in host order (little-endian x86/ARM), then the fields as C lays them out.
const le16 = (n: number) => Buffer.from([n & 0xff, n >> 8]).toString('hex');

describe('encode_sockaddr', () => {
  it('sockaddr_in: family, htons(port), s_addr, 8 zero bytes: 16', () => {
    const m = memory();
    const length = encode_sockaddr(
      { sin_family: AF_INET, sin_port: htons(3000), sin_addr: { s_addr: htonl(0x7f000001) } },
      'test',
      'addr',
      m,
      8,
    );
    expect(length).toBe(16);
    expect(hex(m.bytes.subarray(8, 24))).toBe(`${le16(AF_INET)}0bb87f000001${'00'.repeat(8)}`);
    // The struct is written whole (sin_zero included); the bytes around it are untouched.
    expect(hex(m.bytes.subarray(0, 8))).toBe('ee'.repeat(8));
    expect(hex(m.bytes.subarray(24, 32))).toBe('ee'.repeat(8));
  });

  it('sockaddr_in6: family, port, flowinfo, 16 address bytes, scope id: 28', () => {
    const m = memory();
    const s6_addr = new Uint8Array(16);
    s6_addr[15] = 1;
    const length = encode_sockaddr(
      { sin6_family: AF_INET6, sin6_port: htons(80), sin6_addr: { s6_addr }, sin6_scope_id: 3 },
      'test',
      'addr',
      m,
      0,
    );
    expect(length).toBe(28);
    expect(hex(m.bytes.subarray(0, 28))).toBe(
      `${le16(AF_INET6)}0050` + '00000000' + `${'00'.repeat(15)}01` + '03000000',
    );
  });

  it('sockaddr_un: a pathname is SUN_LEN long, NUL included; an abstract name is its bytes', () => {
    const m = memory();
    expect(encode_sockaddr({ sun_family: AF_UNIX, sun_path: '/tmp/s' }, 't', 'a', m, 0)).toBe(
      2 + 6 + 1,
    );
    expect(hex(m.bytes.subarray(0, 9))).toBe(`${le16(AF_UNIX)}${hex(Buffer.from('/tmp/s'))}00`);
    const abstract = Uint8Array.from([0, 0x61, 0x62]);
    expect(encode_sockaddr({ sun_family: AF_UNIX, sun_path: abstract }, 't', 'a', m, 0)).toBe(5);
    expect(hex(m.bytes.subarray(0, 6))).toBe(`${le16(AF_UNIX)}00616200`);
  });

  it('sockaddr_ll and sockaddr_nl: 20 and 12 bytes', () => {
    const m = memory();
    const ll = { sll_family: AF_PACKET, sll_protocol: htons(3), sll_ifindex: 1 };
    expect(encode_sockaddr(ll, 't', 'a', m, 0)).toBe(20);
    expect(hex(m.bytes.subarray(0, 8))).toBe(`${le16(AF_PACKET)}000301000000`);
    expect(
      encode_sockaddr({ nl_family: AF_NETLINK, nl_pid: 0, nl_groups: 5 }, 't', 'a', m, 0),
    ).toBe(12);
    expect(hex(m.bytes.subarray(0, 12))).toBe(`${le16(AF_NETLINK)}0000` + '00000000' + '05000000');
  });

  it('ss_family chooses the struct; no family is a TypeError naming the argument', () => {
    const m = memory();
    expect(
      encode_sockaddr({ ss_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } }, 'f', 'a', m, 0),
    ).toBe(16);
    expect(() => encode_sockaddr({ sin_port: 1 }, 'bind', 'addr', m, 0)).toThrow(
      /^bind: addr has no address family/,
    );
  });
});

describe('decode_sockaddr', () => {
  it('reads what encode wrote, with ss_family and sa_family', () => {
    const m = memory();
    const addr = { sin_family: AF_INET, sin_port: htons(53), sin_addr: { s_addr: htonl(1) } };
    encode_sockaddr(addr, 't', 'a', m, 0);
    const out = {};
    decode_sockaddr(m, 0, 16, 128, out);
    expect(out).toEqual({ ss_family: AF_INET, sa_family: AF_INET, ...addr });
  });

  it('a capacity of 4 reads the port and not the address (it reads as 0)', () => {
    const m = memory();
    encode_sockaddr(
      { sin_family: AF_INET, sin_port: htons(53), sin_addr: { s_addr: htonl(1) } },
      't',
      'a',
      m,
      0,
    );
    const out: Record<string, unknown> = {};
    decode_sockaddr(m, 0, 16, 4, out);
    expect(out.sin_port).toBe(htons(53));
    expect(out.sin_addr).toEqual({ s_addr: 0 });
  });

  it('an unnamed AF_UNIX peer (length 2) has sun_path ""; another family gives sa_data', () => {
    const m = memory();
    m.view.setUint16(0, AF_UNIX, true);
    const peer = {};
    decode_sockaddr(m, 0, 2, 128, peer);
    expect(peer).toEqual({
      ss_family: AF_UNIX,
      sa_family: AF_UNIX,
      sun_family: AF_UNIX,
      sun_path: '',
    });
    m.bytes.fill(7);
    m.view.setUint16(0, 99, true);
    const other: Record<string, unknown> = {};
    decode_sockaddr(m, 0, 6, 128, other);
    expect(other).toEqual({ ss_family: 99, sa_family: 99, sa_data: Uint8Array.from([7, 7, 7, 7]) });
  });

  it('a frozen target is left as it is, as the binding always stored (sloppy mode)', () => {
    const m = memory();
    encode_sockaddr({ sin_family: AF_INET, sin_port: 1, sin_addr: { s_addr: 2 } }, 't', 'a', m, 0);
    const frozen = Object.freeze({});
    expect(() => decode_sockaddr(m, 0, 16, 128, frozen)).not.toThrow();
    expect(frozen).toEqual({});
  });
});
