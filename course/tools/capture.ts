/*
 * capture.ts - portage TypeScript de capture.c (le sous-ensemble de tcpdump des slides).
 *
 * usage : node dist/course/tools/capture.js [-i interface] [-X] [-c nombre] [udp|tcp] [port N]
 *
 * Même programme que capture.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce que
 * TypeScript change : un pointeur dans la trame (`ip + 12`) est une vue, ip.subarray(12),
 * et get16(p + 2) s'écrit get16(p, 2) ; getopt est écrit ici (./getopt.ts), optind ne
 * s'affecte pas (la boucle du filtre prend i) ; les structs des messages de contrôle
 * (timeval, tpacket_auxdata) sont des octets, copiés par memcpy comme en C, et
 * `aux.tp_net` s'écrit field(aux, AUX.tp_net) (./struct.ts) ; localtime_r est Date (le
 * même fuseau, celui de TZ).
 */
import { AF_INET, AF_INET6, AF_PACKET, ARPHRD_LOOPBACK, CMSG_DATA } from 'bsd-sockets/c';
import { CMSG_FIRSTHDR, CMSG_NXTHDR, CMSG_SPACE, ETH_P_ALL, ETH_P_IP } from 'bsd-sockets/c';
import { ETH_P_IPV6, INET6_ADDRSTRLEN, IPPROTO_TCP, IPPROTO_UDP, MSG_CTRUNC } from 'bsd-sockets/c';
import {
  PACKET_AUXDATA,
  PACKET_OUTGOING,
  SCM_TIMESTAMP,
  SOCK_RAW,
  SOL_PACKET,
} from 'bsd-sockets/c';
import {
  SOL_SOCKET,
  SO_TIMESTAMP,
  TP_STATUS_CSUMNOTREADY,
  bind,
  close,
  htons,
} from 'bsd-sockets/c';
import { if_nametoindex, inet_ntop, ntohs, perror, recvmsg, setsockopt } from 'bsd-sockets/c';
import { sizeof, socket } from 'bsd-sockets/c';
import type { cmsghdr, iovec, msghdr, sockaddr_ll } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, libc_start_main, memcpy, memset } from 'bsd-sockets/libc';
import { printf, putchar, setvbuf, snprintf, stderr, stdout, strcmp } from 'bsd-sockets/libc';
import { getopt, optarg, optind, set_opterr } from './getopt';
import { field, layout } from './struct';

const SNAPLEN = 65536;
const { sockaddr_ll: LL, timeval: TV, tpacket_auxdata: AUX } = layout;

function usage(): never {
  fprintf(stderr, 'usage : capture [-i interface] [-X] [-c nombre] [udp|tcp] [port N]\n');
  exit(1);
}

/* Le filtre : protocole (0 : tous) et port (-1 : tous). */
let want_proto = 0,
  want_port = -1;

function get16(p: Uint8Array, at = 0): number {
  return (p[at] << 8) | p[at + 1];
}

function get32(p: Uint8Array, at = 0): number {
  return ((p[at] << 24) | (p[at + 1] << 16) | (p[at + 2] << 8) | p[at + 3]) >>> 0;
}

/* Somme des mots de 16 bits (complément à un), sans le repli final. */
function sum16(p: Uint8Array, len: number, sum: number): number {
  let i: number;
  for (i = 0; i + 1 < len; i += 2) sum += get16(p, i);
  if (len & 1) sum += p[len - 1] << 8;
  return sum;
}

/* (sum >> 16 en C, sur 32 bits non signés : ici une division, >> étant signé.) */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/* L'état de la somme de contrôle `stored` d'un segment (voir capture.c). */
function print_cksum(stored: number, sum: number, notready: boolean, complete: boolean): void {
  printf(', cksum 0x%04x', stored);
  if (notready) printf(' (not computed yet: offload)');
  else if (!complete) printf(' (not checked: truncated)');
  else if (fold(sum) === 0) printf(' (correct)');
  else printf(' (incorrect)');
}

/* Le port d'un segment UDP ou TCP passe-t-il le filtre ? */
function port_matches(proto: number, l4: Uint8Array, len: number): boolean {
  if (want_proto !== 0 && proto !== want_proto) return false;
  if (want_port < 0) return true;
  if ((proto !== IPPROTO_UDP && proto !== IPPROTO_TCP) || len < 4) return false;
  return get16(l4) === want_port || get16(l4, 2) === want_port;
}

/* La ligne UDP ou TCP : "    src.port > dst.port: …". */
function print_l4(
  proto: number,
  src: Uint8Array,
  dst: Uint8Array,
  l4: Uint8Array,
  len: number,
  captured: number,
  pseudo: number,
  notready: boolean,
): void {
  if (proto === IPPROTO_UDP && len >= 8 && captured >= 8) {
    const ulen = get16(l4, 4);
    printf(
      '    %s.%u > %s.%u: UDP, length %u',
      src,
      get16(l4),
      dst,
      get16(l4, 2),
      ulen >= 8 ? ulen - 8 : 0,
    );
    if (get16(l4, 6) === 0) printf(', no cksum');
    else print_cksum(get16(l4, 6), sum16(l4, len, pseudo), notready, captured >= len);
    printf('\n');
  } else if (proto === IPPROTO_TCP && len >= 20 && captured >= 20) {
    /* names[] : le bit de chaque drapeau, et sa lettre. */
    const bit = [0x01, 0x02, 0x04, 0x08, 0x20, 0x40, 0x80, 0x10];
    const c = 'FSRPUEW.';
    const flags = l4[13],
      off = (l4[12] >> 4) * 4;
    let f = '',
      i: number;
    for (i = 0; i < bit.length; i++) if (flags & bit[i]) f += c[i];
    if (f === '') f = 'n'; /* none, comme tcpdump */
    printf('    %s.%u > %s.%u: Flags [%s]', src, get16(l4), dst, get16(l4, 2), f);
    print_cksum(get16(l4, 16), sum16(l4, len, pseudo), notready, captured >= len);
    printf(', seq %u', get32(l4, 4));
    if (flags & 0x10) printf(', ack %u', get32(l4, 8));
    printf(', win %u, length %u\n', get16(l4, 14), off <= len ? len - off : 0);
  } else {
    printf('    %s > %s: proto %d, length %u\n', src, dst, proto, len);
  }
}

/* -X : les octets, 16 par ligne, en hexadécimal par paires puis en ASCII. */
function hex_ascii(p: Uint8Array, len: number): void {
  let line: number, i: number;
  for (line = 0; line < len; line += 16) {
    printf('\t0x%04x:  ', line);
    for (i = 0; i < 16; i += 2) {
      if (line + i + 1 < len) printf('%02x%02x', p[line + i], p[line + i + 1]);
      else if (line + i < len) printf('%02x  ', p[line + i]);
      else printf('    ');
      if (i < 14) printf(' ');
    }
    printf('  ');
    for (i = 0; i < 16 && line + i < len; i++)
      putchar(p[line + i] >= 0x20 && p[line + i] < 0x7f ? p[line + i] : 0x2e /* '.' */);
    printf('\n');
  }
}

/* Un paquet IPv4 ou IPv6 : rend 1 s'il passe le filtre (et il est affiché), 0 sinon. */
function show(
  stamp: Uint8Array,
  ethertype: number,
  ip: Uint8Array,
  captured: number,
  notready: boolean,
  hex: number,
): number {
  const src = new Uint8Array(INET6_ADDRSTRLEN),
    dst = new Uint8Array(INET6_ADDRSTRLEN);
  let l4: Uint8Array;
  let total: number, l4len: number;
  let pseudo: number;
  let proto: number;

  if (ethertype === ETH_P_IP && captured >= 20 && ip[0] >> 4 === 4) {
    const hl = (ip[0] & 0x0f) * 4;
    const frag = get16(ip, 6);
    total = get16(ip, 2);
    if (hl < 20 || total < hl || captured < hl) return 0;
    proto = ip[9];
    l4 = ip.subarray(hl);
    l4len = total - hl;
    if (!port_matches(proto, l4, captured - hl)) return 0;
    inet_ntop(AF_INET, ip.subarray(12), src, src.length);
    inet_ntop(AF_INET, ip.subarray(16), dst, dst.length);
    printf(
      '%s IP (tos 0x%x, ttl %u, id %u, offset %u, flags [%s], proto %s (%d), length %u',
      stamp,
      ip[1],
      ip[8],
      get16(ip, 4),
      (frag & 0x1fff) * 8,
      frag & 0x4000 ? 'DF' : frag & 0x2000 ? '+' : 'none',
      proto === IPPROTO_UDP ? 'UDP' : proto === IPPROTO_TCP ? 'TCP' : '?',
      proto,
      total,
    );
    printf(
      ', cksum 0x%04x (%s))\n',
      get16(ip, 10),
      fold(sum16(ip, hl, 0)) === 0 ? 'correct' : 'incorrect',
    );
    /* Pseudo-en-tête : adresses, protocole, longueur du segment. */
    pseudo = sum16(ip.subarray(12), 8, 0) + proto + l4len;
    print_l4(proto, src, dst, l4, l4len, captured - hl, pseudo, notready);
  } else if (ethertype === ETH_P_IPV6 && captured >= 40 && ip[0] >> 4 === 6) {
    l4len = get16(ip, 4);
    total = 40 + l4len;
    proto = ip[6];
    l4 = ip.subarray(40);
    if (!port_matches(proto, l4, captured - 40)) return 0;
    inet_ntop(AF_INET6, ip.subarray(8), src, src.length);
    inet_ntop(AF_INET6, ip.subarray(24), dst, dst.length);
    printf(
      '%s IP6 (flowlabel 0x%05x, hlim %u, next-header %s (%d), payload length %u)\n',
      stamp,
      get32(ip) & 0xfffff,
      ip[7],
      proto === IPPROTO_UDP ? 'UDP' : proto === IPPROTO_TCP ? 'TCP' : '?',
      proto,
      l4len,
    );
    pseudo = sum16(ip.subarray(8), 32, 0) + proto + l4len;
    print_l4(proto, src, dst, l4, l4len, captured - 40, pseudo, notready);
  } else {
    if (want_proto !== 0 || want_port >= 0) return 0;
    printf('%s ethertype 0x%04x, length %u\n', stamp, ethertype, captured);
    total = captured;
  }
  if (hex) hex_ascii(ip, total < captured ? total : captured);
  return 1;
}

function main(argc: number, argv: string[]): number {
  let iface = 'lo';
  let hex = 0;
  let count = -1;
  let captured = 0;
  let opt: string | -1, s: number, i: number;
  const on = 1;
  let ifindex: number;
  const addr = {} as sockaddr_ll,
    from = {} as sockaddr_ll;
  const frame = new Uint8Array(SNAPLEN);
  /* La place des deux messages de contrôle. */
  const control = new Uint8Array(CMSG_SPACE(sizeof.timeval) + CMSG_SPACE(AUX.size));
  const iov: iovec = { iov_base: frame, iov_len: 0 };
  let msg: msghdr;
  let cmsg: cmsghdr | null;

  setvbuf(stdout, null, _IOLBF, 0);

  set_opterr(0);
  while ((opt = getopt(argc, argv, '+i:Xc:')) !== -1) {
    if (opt === 'i') iface = optarg!;
    else if (opt === 'X') hex = 1;
    else if (opt === 'c') count = atoi(optarg);
    else usage();
  }
  /* Le filtre. */
  for (i = optind; i < argc; i++) {
    if (strcmp(argv[i], 'udp') === 0) want_proto = IPPROTO_UDP;
    else if (strcmp(argv[i], 'tcp') === 0) want_proto = IPPROTO_TCP;
    else if (strcmp(argv[i], 'port') === 0 && i + 1 < argc) want_port = atoi(argv[++i]);
    else if (strcmp(argv[i], 'and') !== 0) usage();
  }

  if ((s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))) === -1) {
    perror('socket');
    exit(1);
  }
  if ((ifindex = if_nametoindex(iface)) === 0) {
    perror(iface);
    exit(1);
  }
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = ifindex;
  if (bind(s, addr, LL.size) === -1) {
    perror('bind');
    exit(1);
  }
  if (
    setsockopt(s, SOL_PACKET, PACKET_AUXDATA, on, sizeof.int) === -1 ||
    setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, on, sizeof.int) === -1
  ) {
    perror('setsockopt');
    exit(1);
  }
  fprintf(stderr, 'listening on %s\n', iface);

  while (count < 0 || captured < count) {
    const tv = new Uint8Array(sizeof.timeval); /* struct timeval tv = {0, 0}; */
    const aux = new Uint8Array(AUX.size); /* struct tpacket_auxdata */
    const stamp = new Uint8Array(32);
    let n: number;

    memset(aux, 0, AUX.size);
    iov.iov_base = frame;
    iov.iov_len = frame.length;
    msg = { msg_iov: [] }; /* memset(&msg, 0, sizeof msg) */
    msg.msg_name = from;
    msg.msg_namelen = LL.size;
    msg.msg_iov = [iov];
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = control.length;
    if ((n = recvmsg(s, msg, 0)) === -1) {
      perror('recvmsg');
      exit(1);
    }
    /* lo : la copie sortante d'un paquet qui reviendra en entrée. */
    if (from.sll_pkttype === PACKET_OUTGOING && from.sll_hatype === ARPHRD_LOOPBACK) continue;
    for (cmsg = CMSG_FIRSTHDR(msg); cmsg !== null; cmsg = CMSG_NXTHDR(msg, cmsg)) {
      if (cmsg.cmsg_level === SOL_SOCKET && cmsg.cmsg_type === SCM_TIMESTAMP)
        memcpy(tv, CMSG_DATA(msg, cmsg), sizeof.timeval);
      else if (cmsg.cmsg_level === SOL_PACKET && cmsg.cmsg_type === PACKET_AUXDATA)
        memcpy(aux, CMSG_DATA(msg, cmsg), AUX.size);
    }
    if (msg.msg_flags! & MSG_CTRUNC) fprintf(stderr, 'capture: control data truncated\n');
    if (n < field(aux, AUX.tp_net)) continue;
    const sec = field(tv, TV.tv_sec);
    const tm = new Date(sec * 1000); /* struct tm, localtime_r(&sec, &tm) */
    snprintf(
      stamp,
      stamp.length,
      '%02d:%02d:%02d.%06ld',
      tm.getHours(),
      tm.getMinutes(),
      tm.getSeconds(),
      field(tv, TV.tv_usec),
    );
    if (
      show(
        stamp,
        ntohs(from.sll_protocol!),
        frame.subarray(field(aux, AUX.tp_net)),
        n - field(aux, AUX.tp_net),
        (field(aux, AUX.tp_status) & TP_STATUS_CSUMNOTREADY) !== 0,
        hex,
      )
    )
      captured++;
  }
  fprintf(stderr, '%d packets captured\n', captured);
  close(s);
  return 0;
}

libc_start_main(main);
