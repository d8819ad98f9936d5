// The codecs of the packed lists (src/struct/addrinfo.ts, src/struct/hostent.ts) on byte
// fixtures written at the offsets of the layout table, as native/packed.h lays them out.
import { describe, expect, it } from 'vitest';

import { native } from '../../src/binding';
import { packed_addrinfo as PA, packed_hostent as PH, sockaddr_in as IN } from '../../src/layout';
import { decode_addrinfo } from '../../src/struct/addrinfo';
import { decode_hostent } from '../../src/struct/hostent';
import { isLittleEndian as host } from '../../src/byteorder';

const { AF_INET, AF_INET6, SOCK_STREAM, IPPROTO_TCP, AI_CANONNAME } = native.constants;

function memory(size: number): { view: DataView; bytes: Uint8Array } {
  const buffer = new ArrayBuffer(size);
  return { view: new DataView(buffer), bytes: new Uint8Array(buffer) };
}

describe('decode_addrinfo', () => {
  it('two records, the first with ai_canonname, linked by ai_next offsets', () => {
    const m = memory(1024);
    const canon = Buffer.from('example\0');
    const stride = Math.ceil((PA.size + canon.length) / 8) * 8;
    // record 0: AF_INET 192.0.2.1:80, canonname "example"
    m.view.setInt32(PA.ai_flags.offset, AI_CANONNAME, host);
    m.view.setInt32(PA.ai_family.offset, AF_INET, host);
    m.view.setInt32(PA.ai_socktype.offset, SOCK_STREAM, host);
    m.view.setInt32(PA.ai_protocol.offset, IPPROTO_TCP, host);
    m.view.setUint32(PA.ai_addrlen.offset, IN.size, host);
    m.view.setUint32(PA.canonname_length.offset, canon.length, host);
    m.view.setUint32(PA.ai_next.offset, stride, host);
    const a0 = PA.ai_addr.offset;
    m.view.setUint16(a0 + IN.sin_family.offset, AF_INET, host);
    m.bytes.set([0, 80], a0 + IN.sin_port.offset);
    m.bytes.set([192, 0, 2, 1], a0 + IN.sin_addr.offset);
    m.bytes.set(canon, PA.size);
    // record 1: AF_INET6 ::1 port 443, no canonname, the end
    m.view.setInt32(stride + PA.ai_family.offset, AF_INET6, host);
    m.view.setUint32(stride + PA.ai_addrlen.offset, 28, host);
    const a1 = stride + PA.ai_addr.offset;
    m.view.setUint16(a1, AF_INET6, host);
    m.bytes.set([1, 187], a1 + 2);
    m.bytes[a1 + 8 + 15] = 1;

    const list = decode_addrinfo(m);
    expect(list).toMatchObject({
      ai_flags: AI_CANONNAME,
      ai_family: AF_INET,
      ai_socktype: SOCK_STREAM,
      ai_protocol: IPPROTO_TCP,
      ai_addrlen: 16,
      ai_canonname: 'example',
    });
    expect(list.ai_addr).toEqual({
      ss_family: AF_INET,
      sa_family: AF_INET,
      sin_family: AF_INET,
      sin_port: new DataView(Uint8Array.of(0, 80).buffer).getUint16(0, host),
      sin_addr: { s_addr: new DataView(Uint8Array.of(192, 0, 2, 1).buffer).getUint32(0, host) },
    });
    const second = list.ai_next!;
    expect(second).toMatchObject({
      ai_family: AF_INET6,
      ai_addrlen: 28,
      ai_canonname: null,
      ai_next: null,
    });
    expect(second.ai_addr.sin6_addr!.s6_addr).toEqual(
      Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
    );
    expect([...list]).toEqual([list, second]);
  });
});

describe('decode_hostent', () => {
  it('name, two aliases, two addresses; h_addr is h_addr_list[0]', () => {
    const m = memory(256);
    const strings = Buffer.from('host.example\0www\0ftp\0');
    m.view.setInt32(PH.h_addrtype.offset, AF_INET, host);
    m.view.setInt32(PH.h_length.offset, 4, host);
    m.view.setUint32(PH.h_name_length.offset, 13, host);
    m.view.setUint32(PH.h_aliases_count.offset, 2, host);
    m.view.setUint32(PH.h_addr_list_count.offset, 2, host);
    m.bytes.set(strings, PH.size);
    m.bytes.set([192, 0, 2, 1, 192, 0, 2, 2], PH.size + strings.length);
    const h = decode_hostent(m);
    expect(h).toEqual({
      h_name: 'host.example',
      h_aliases: ['www', 'ftp'],
      h_addrtype: AF_INET,
      h_length: 4,
      h_addr_list: [Uint8Array.of(192, 0, 2, 1), Uint8Array.of(192, 0, 2, 2)],
      h_addr: Uint8Array.of(192, 0, 2, 1),
    });
    expect(h.h_addr).toBe(h.h_addr_list[0]);
  });

  it('no address: h_addr is null; a NULL h_name reads as ""', () => {
    const m = memory(64);
    m.view.setInt32(PH.h_addrtype.offset, AF_INET6, host);
    m.view.setInt32(PH.h_length.offset, 16, host);
    expect(decode_hostent(m)).toEqual({
      h_name: '',
      h_aliases: [],
      h_addrtype: AF_INET6,
      h_length: 16,
      h_addr_list: [],
      h_addr: null,
    });
  });
});
