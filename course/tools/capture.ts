/*
 * capture.ts - portage TypeScript de capture.c (le sous-ensemble de tcpdump des slides).
 *
 * usage : node dist/course/tools/capture.js [-i interface] [-X] [-c nombre] [udp|tcp] [port N]
 *
 * Même programme que capture.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce que
 * TypeScript change : les appels lèvent une exception au lieu de rendre -1 ; la struct
 * msghdr est un objet (msg_name, msg_iov, msg_control), les messages de contrôle sont lus
 * avec CMSG_FIRSTHDR / CMSG_NXTHDR / CMSG_DATA comme en C, et les structs qu'ils
 * contiennent (timeval, tpacket_auxdata) aux offsets de `layout` (ceux du compilateur C) ;
 * printf ne connaissant que %d %u %s %c, les nombres hexadécimaux passent par hex() ;
 * localtime_r est Date (le même fuseau, celui de TZ).
 */
import {
  AF_INET,
  AF_INET6,
  AF_PACKET,
  ARPHRD_LOOPBACK,
  CMSG_DATA,
  CMSG_FIRSTHDR,
  CMSG_NXTHDR,
  CMSG_SPACE,
  ETH_P_ALL,
  ETH_P_IP,
  ETH_P_IPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  MSG_CTRUNC,
  PACKET_AUXDATA,
  PACKET_OUTGOING,
  SCM_TIMESTAMP,
  SOCK_RAW,
  SOL_PACKET,
  SOL_SOCKET,
  SO_TIMESTAMP,
  TP_STATUS_CSUMNOTREADY,
  bind,
  close,
  htons,
  if_nametoindex,
  inet_ntop,
  layout,
  ntohs,
  perror,
  recvmsg,
  setsockopt,
  socket,
} from 'bsd-sockets';
import type { msghdr, sockaddr_ll, sockaddr_storage } from 'bsd-sockets';

import {
  _IOLBF,
  atoi,
  exit,
  fprintf,
  libc_start_main,
  printf,
  setvbuf,
  stderr,
  stdout,
} from '../lib/libc';
import { getopt } from './getopt';

const SNAPLEN = 65536;
const host = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function usage(): never {
  fprintf(stderr, 'usage : capture [-i interface] [-X] [-c nombre] [udp|tcp] [port N]\n');
  exit(1);
}

/* Le filtre : protocole (0 : tous) et port (-1 : tous). */
let want_proto = 0,
  want_port = -1;

/* printf("%0<width>x", n) */
function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function get16(p: Uint8Array, at: number): number {
  return (p[at] << 8) | p[at + 1];
}

function get32(p: Uint8Array, at: number): number {
  return ((p[at] << 24) | (p[at + 1] << 16) | (p[at + 2] << 8) | p[at + 3]) >>> 0;
}

/* Somme des mots de 16 bits (complément à un), sans le repli final. */
function sum16(p: Uint8Array, at: number, len: number, sum: number): number {
  let i: number;
  for (i = 0; i + 1 < len; i += 2) sum += get16(p, at + i);
  if (len & 1) sum += p[at + len - 1] << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/* L'état de la somme de contrôle `stored` d'un segment (voir capture.c). */
function print_cksum(stored: number, sum: number, notready: boolean, complete: boolean): void {
  printf(', cksum 0x%s', hex(stored, 4));
  if (notready) printf(' (not computed yet: offload)');
  else if (!complete) printf(' (not checked: truncated)');
  else if (fold(sum) === 0) printf(' (correct)');
  else printf(' (incorrect)');
}

/* Le port d'un segment UDP ou TCP passe-t-il le filtre ? */
function port_matches(proto: number, p: Uint8Array, l4: number, len: number): boolean {
  if (want_proto !== 0 && proto !== want_proto) return false;
  if (want_port < 0) return true;
  if ((proto !== IPPROTO_UDP && proto !== IPPROTO_TCP) || len < 4) return false;
  return get16(p, l4) === want_port || get16(p, l4 + 2) === want_port;
}

const TCP_FLAGS: readonly [number, string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
  [0x10, '.'],
];

/* La ligne UDP ou TCP : "    src.port > dst.port: …". */
function print_l4(
  proto: number,
  src: string,
  dst: string,
  p: Uint8Array,
  l4: number,
  len: number,
  captured: number,
  pseudo: number,
  notready: boolean,
): void {
  if (proto === IPPROTO_UDP && len >= 8 && captured >= 8) {
    const ulen = get16(p, l4 + 4);
    printf(
      '    %s.%u > %s.%u: UDP, length %u',
      src,
      get16(p, l4),
      dst,
      get16(p, l4 + 2),
      ulen >= 8 ? ulen - 8 : 0,
    );
    if (get16(p, l4 + 6) === 0) printf(', no cksum');
    else print_cksum(get16(p, l4 + 6), sum16(p, l4, len, pseudo), notready, captured >= len);
    printf('\n');
  } else if (proto === IPPROTO_TCP && len >= 20 && captured >= 20) {
    const flags = p[l4 + 13],
      off = (p[l4 + 12] >> 4) * 4;
    let f = '';
    for (const [bit, c] of TCP_FLAGS) if (flags & bit) f += c;
    if (f === '') f = 'n'; /* none, comme tcpdump */
    printf('    %s.%u > %s.%u: Flags [%s]', src, get16(p, l4), dst, get16(p, l4 + 2), f);
    print_cksum(get16(p, l4 + 16), sum16(p, l4, len, pseudo), notready, captured >= len);
    printf(', seq %u', get32(p, l4 + 4));
    if (flags & 0x10) printf(', ack %u', get32(p, l4 + 8));
    printf(', win %u, length %u\n', get16(p, l4 + 14), off <= len ? len - off : 0);
  } else {
    printf('    %s > %s: proto %d, length %u\n', src, dst, proto, len);
  }
}

/* -X : les octets, 16 par ligne, en hexadécimal par paires puis en ASCII. */
function hex_ascii(p: Uint8Array, at: number, len: number): void {
  let line: number, i: number;
  for (line = 0; line < len; line += 16) {
    printf('\t0x%s:  ', hex(line, 4));
    for (i = 0; i < 16; i += 2) {
      if (line + i + 1 < len) printf('%s', hex(p[at + line + i], 2) + hex(p[at + line + i + 1], 2));
      else if (line + i < len) printf('%s  ', hex(p[at + line + i], 2));
      else printf('    ');
      if (i < 14) printf(' ');
    }
    printf('  ');
    let ascii = '';
    for (i = 0; i < 16 && line + i < len; i++) {
      const c = p[at + line + i];
      ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    printf('%s\n', ascii);
  }
}

/* Un paquet IPv4 ou IPv6 : rend 1 s'il passe le filtre (et il est affiché), 0 sinon. */
function show(
  stamp: string,
  ethertype: number,
  p: Uint8Array,
  ip: number,
  captured: number,
  notready: boolean,
  hexdump: boolean,
): number {
  let src: string, dst: string;
  let l4: number, total: number, l4len: number, pseudo: number, proto: number;

  if (ethertype === ETH_P_IP && captured >= 20 && p[ip] >> 4 === 4) {
    const hl = (p[ip] & 0x0f) * 4;
    const frag = get16(p, ip + 6);
    total = get16(p, ip + 2);
    if (hl < 20 || total < hl || captured < hl) return 0;
    proto = p[ip + 9];
    l4 = ip + hl;
    l4len = total - hl;
    if (!port_matches(proto, p, l4, captured - hl)) return 0;
    src = inet_ntop(AF_INET, p.subarray(ip + 12, ip + 16));
    dst = inet_ntop(AF_INET, p.subarray(ip + 16, ip + 20));
    printf(
      '%s IP (tos 0x%s, ttl %u, id %u, offset %u, flags [%s], proto %s (%d), length %u',
      stamp,
      p[ip + 1].toString(16),
      p[ip + 8],
      get16(p, ip + 4),
      (frag & 0x1fff) * 8,
      frag & 0x4000 ? 'DF' : frag & 0x2000 ? '+' : 'none',
      proto === IPPROTO_UDP ? 'UDP' : proto === IPPROTO_TCP ? 'TCP' : '?',
      proto,
      total,
    );
    printf(
      ', cksum 0x%s (%s))\n',
      hex(get16(p, ip + 10), 4),
      fold(sum16(p, ip, hl, 0)) === 0 ? 'correct' : 'incorrect',
    );
    /* Pseudo-en-tête : adresses, protocole, longueur du segment. */
    pseudo = sum16(p, ip + 12, 8, 0) + proto + l4len;
    print_l4(proto, src, dst, p, l4, l4len, captured - hl, pseudo, notready);
  } else if (ethertype === ETH_P_IPV6 && captured >= 40 && p[ip] >> 4 === 6) {
    l4len = get16(p, ip + 4);
    total = 40 + l4len;
    proto = p[ip + 6];
    l4 = ip + 40;
    if (!port_matches(proto, p, l4, captured - 40)) return 0;
    src = inet_ntop(AF_INET6, p.subarray(ip + 8, ip + 24));
    dst = inet_ntop(AF_INET6, p.subarray(ip + 24, ip + 40));
    printf(
      '%s IP6 (flowlabel 0x%s, hlim %u, next-header %s (%d), payload length %u)\n',
      stamp,
      hex(get32(p, ip) & 0xfffff, 5),
      p[ip + 7],
      proto === IPPROTO_UDP ? 'UDP' : proto === IPPROTO_TCP ? 'TCP' : '?',
      proto,
      l4len,
    );
    pseudo = sum16(p, ip + 8, 32, 0) + proto + l4len;
    print_l4(proto, src, dst, p, l4, l4len, captured - 40, pseudo, notready);
  } else {
    if (want_proto !== 0 || want_port >= 0) return 0;
    printf('%s ethertype 0x%s, length %u\n', stamp, hex(ethertype, 4), captured);
    total = captured;
  }
  if (hexdump) hex_ascii(p, ip, total < captured ? total : captured);
  return 1;
}

/* "%02d:%02d:%02d.%06ld" de localtime_r(tv_sec) et tv_usec. */
function timestamp(sec: number, usec: number): string {
  const tm = new Date(sec * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(tm.getHours())}:${two(tm.getMinutes())}:${two(tm.getSeconds())}.${String(usec).padStart(6, '0')}`;
}

function main(argc: number, argv: string[]): number {
  let iface = 'lo';
  let hexdump = false,
    count = -1,
    captured = 0,
    s: number;
  let ifindex: number;
  const addr = {} as sockaddr_ll;
  const from = {} as sockaddr_storage;
  const frame = new Uint8Array(SNAPLEN);
  /* La place des deux messages de contrôle. */
  const control = new Uint8Array(
    CMSG_SPACE(layout.timeval.size) + CMSG_SPACE(layout.tpacket_auxdata.size),
  );
  let msg: msghdr;

  setvbuf(stdout, null, _IOLBF, 0);

  const opt = getopt(argc, argv, '+i:Xc:');
  for (let o = opt.next(); o !== -1; o = opt.next()) {
    if (o === 'i') iface = opt.optarg!;
    else if (o === 'X') hexdump = true;
    else if (o === 'c') count = atoi(opt.optarg!);
    else usage();
  }
  /* Le filtre. */
  for (let i = opt.optind; i < argc; i++) {
    if (argv[i] === 'udp') want_proto = IPPROTO_UDP;
    else if (argv[i] === 'tcp') want_proto = IPPROTO_TCP;
    else if (argv[i] === 'port' && i + 1 < argc) want_port = atoi(argv[++i]);
    else if (argv[i] !== 'and') usage();
  }

  try {
    s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  } catch (e) {
    perror('socket', e);
    exit(1);
  }
  try {
    ifindex = if_nametoindex(iface);
  } catch (e) {
    perror(iface, e);
    exit(1);
  }
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = ifindex;
  try {
    bind(s, addr);
  } catch (e) {
    perror('bind', e);
    exit(1);
  }
  try {
    setsockopt(s, SOL_PACKET, PACKET_AUXDATA, 1);
    setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, 1);
  } catch (e) {
    perror('setsockopt', e);
    exit(1);
  }
  fprintf(stderr, 'listening on %s\n', iface);

  while (count < 0 || captured < count) {
    let tv_sec = 0,
      tv_usec = 0;
    let tp_status = 0,
      tp_net = 0;
    let n: number;

    msg = {
      msg_name: from,
      msg_namelen: layout.sockaddr_ll.size,
      msg_iov: [{ iov_base: frame, iov_len: frame.byteLength }],
      msg_iovlen: 1,
      msg_control: control,
      msg_controllen: control.byteLength,
    };
    try {
      n = recvmsg(s, msg, 0);
    } catch (e) {
      perror('recvmsg', e);
      exit(1);
    }
    /* lo : la copie sortante d'un paquet qui reviendra en entrée. */
    if (from.sll_pkttype === PACKET_OUTGOING && from.sll_hatype === ARPHRD_LOOPBACK) continue;
    for (let cmsg = CMSG_FIRSTHDR(msg); cmsg !== null; cmsg = CMSG_NXTHDR(msg, cmsg)) {
      const data = new DataView(CMSG_DATA(msg, cmsg).buffer);
      if (cmsg.cmsg_level === SOL_SOCKET && cmsg.cmsg_type === SCM_TIMESTAMP) {
        tv_sec = Number(data.getBigInt64(layout.timeval.tv_sec.offset, host));
        tv_usec = Number(data.getBigInt64(layout.timeval.tv_usec.offset, host));
      } else if (cmsg.cmsg_level === SOL_PACKET && cmsg.cmsg_type === PACKET_AUXDATA) {
        tp_status = data.getUint32(layout.tpacket_auxdata.tp_status.offset, host);
        tp_net = data.getUint16(layout.tpacket_auxdata.tp_net.offset, host);
      }
    }
    if (msg.msg_flags! & MSG_CTRUNC) fprintf(stderr, 'capture: control data truncated\n');
    if (n < tp_net) continue;
    if (
      show(
        timestamp(tv_sec, tv_usec),
        ntohs(from.sll_protocol!),
        frame,
        tp_net,
        n - tp_net,
        (tp_status & TP_STATUS_CSUMNOTREADY) !== 0,
        hexdump,
      )
    )
      captured++;
  }
  fprintf(stderr, '%d packets captured\n', captured);
  close(s);
  return 0;
}

libc_start_main(main);
