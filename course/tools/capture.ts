/*
 * capture.ts - portage TypeScript de capture.c (le sous-ensemble de tcpdump des slides).
 *
 * usage : node dist/course/tools/capture.js [-i interface | -r fichier] [-w fichier] [-X]
 *         [-c nombre] [udp|tcp] [port N]
 *
 * Même programme que capture.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce que
 * TypeScript change : un pointeur dans la trame (`ip + 12`) est une vue, ip.subarray(12),
 * et get16(p + 2) s'écrit get16(p, 2) ; getopt est écrit ici (./getopt.ts), optind ne
 * s'affecte pas (la boucle du filtre prend i) ; les structs des messages de contrôle
 * (timeval, tpacket_auxdata) sont des octets, copiés par memcpy comme en C, et
 * `aux.tp_net` s'écrit field(aux, AUX.tp_net) (./struct.ts) ; localtime_r est Date (le
 * même fuseau, celui de TZ). Les en-têtes du fichier pcap sont des octets, put32(p, 4, v)
 * pour put32(p + 4, v) ; open(2) et sigaction(2) manquent à la bibliothèque : open est écrit
 * ici (node:fs, le même appel), et sigaction est process.on(), dont le gestionnaire (celui de
 * libuv) n'a rien à faire de plus : c'est EINTR qui arrête la boucle, dans les deux.
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
import {
  getsockopt,
  if_nametoindex,
  inet_ntop,
  ntohs,
  perror,
  recvmsg,
  setsockopt,
} from 'bsd-sockets/c';
import { sizeof, socket } from 'bsd-sockets/c';
import { ARPHRD_ETHER, EAGAIN, EINTR, MSG_DONTWAIT, PACKET_STATISTICS } from 'bsd-sockets/c';
import { SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVTIMEO, errno, getsockname, read } from 'bsd-sockets/c';
import { set_errno, write } from 'bsd-sockets/c';
import type { cmsghdr, iovec, msghdr, sockaddr_ll, socklen_t, timeval } from 'bsd-sockets/c';
import * as fs from 'node:fs';
import { _IOLBF, atoi, exit, fprintf, libc_start_main, memcpy, memset } from 'bsd-sockets/libc';
import { printf, putchar, setvbuf, snprintf, stderr, stdout, strcmp } from 'bsd-sockets/libc';
import { getopt, optarg, optind, set_opterr } from './getopt';
import { field, layout } from './struct';

const SNAPLEN = 262144; /* celle de tcpdump */
const RCVBUF = 16 * 1024 * 1024; /* la file de la socket, en octets */
/* PACKET_IGNORE_OUTGOING = 23, <linux/if_packet.h> (Linux 4.20) : pas dans bsd-sockets/c. */
const PACKET_IGNORE_OUTGOING = 23;
const LINKTYPE_ETHERNET = 1;
const { sockaddr_ll: LL, timeval: TV, tpacket_auxdata: AUX } = layout;
/* struct tpacket_stats (<linux/if_packet.h>) : deux unsigned int, tp_packets et tp_drops. */
const STATS = { size: 8, tp_packets: { offset: 0, size: 4 }, tp_drops: { offset: 4, size: 4 } };

/* open(2) de <fcntl.h>, que bsd-sockets/c n'a pas : fs.openSync fait le même appel,
 * openat(AT_FDCWD, path, flags | O_CLOEXEC, mode), et rend -1 avec errno s'il échoue (node
 * lève une erreur dont errno est -errno). Les drapeaux s'écrivent comme ceux de node:fs :
 * 'r' est O_RDONLY, 'w' O_WRONLY | O_CREAT | O_TRUNC. */
function open(path: string, flags: 'r' | 'w', mode = 0o644): number {
  try {
    return fs.openSync(path, flags, mode);
  } catch (e) {
    set_errno(-(e as { errno: number }).errno);
    return -1;
  }
}

function usage(): never {
  fprintf(
    stderr,
    'usage : capture [-i interface | -r fichier] [-w fichier] [-X] [-c nombre] [udp|tcp] [port N]\n',
  );
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

/* L'état de la somme de contrôle `stored` d'un segment (voir capture.c) ; notready : 1, 0,
 * ou -1 (un fichier : pas calculée si elle vaut la somme du pseudo-en-tête). */
function print_cksum(
  stored: number,
  sum: number,
  pseudo: number,
  notready: number,
  complete: boolean,
): void {
  printf(', cksum 0x%04x', stored);
  if (notready === 1 || (notready === -1 && stored + fold(pseudo) === 0xffff))
    printf(' (not computed yet: offload)');
  else if (!complete) printf(' (not checked: truncated)');
  else if (fold(sum) === 0) printf(' (correct)');
  else printf(' (incorrect)');
}

/* Les options TCP, comme tcpdump : ", options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7]". */
function print_options(o: Uint8Array, len: number): void {
  let i = 0,
    k: number;
  let kind: number, size: number;
  printf(', options [');
  while (i < len) {
    kind = o[i];
    if (i > 0) printf(',');
    if (kind === 0) {
      /* fin de la liste : le reste est du bourrage */
      printf('eol');
      break;
    }
    if (kind === 1) {
      printf('nop');
      i++;
      continue;
    }
    if (i + 1 >= len || (size = o[i + 1]) < 2 || i + size > len) {
      printf('bad opt');
      break;
    }
    if (kind === 2 && size === 4) printf('mss %u', get16(o, i + 2));
    else if (kind === 3 && size === 3) printf('wscale %u', o[i + 2]);
    else if (kind === 4 && size === 2) printf('sackOK');
    else if (kind === 8 && size === 10)
      printf('TS val %u ecr %u', get32(o, i + 2), get32(o, i + 6));
    else if (kind === 5 && (size - 2) % 8 === 0) {
      printf('sack %u', (size - 2) / 8);
      for (k = i + 2; k < i + size; k += 8) printf(' {%u:%u}', get32(o, k), get32(o, k + 4));
    } else printf('opt-%u len %u', kind, size);
    i += size;
  }
  printf(']');
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
  notready: number,
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
    else print_cksum(get16(l4, 6), sum16(l4, len, pseudo), pseudo, notready, captured >= len);
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
    print_cksum(get16(l4, 16), sum16(l4, len, pseudo), pseudo, notready, captured >= len);
    printf(', seq %u', get32(l4, 4));
    if (flags & 0x10) printf(', ack %u', get32(l4, 8));
    printf(', win %u, length %u', get16(l4, 14), off <= len ? len - off : 0);
    if (off > 20 && off <= len && off <= captured) print_options(l4.subarray(20), off - 20);
    printf('\n');
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
  notready: number,
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

/* Le paquet passe-t-il le filtre ? Ce que show() vérifie avant d'afficher, sans afficher
 * (pour -w seul). */
function matches(ethertype: number, ip: Uint8Array, captured: number): boolean {
  let hl: number;
  if (ethertype === ETH_P_IP && captured >= 20 && ip[0] >> 4 === 4) {
    hl = (ip[0] & 0x0f) * 4;
    if (hl < 20 || get16(ip, 2) < hl || captured < hl) return false;
    return port_matches(ip[9], ip.subarray(hl), captured - hl);
  }
  if (ethertype === ETH_P_IPV6 && captured >= 40 && ip[0] >> 4 === 6)
    return port_matches(ip[6], ip.subarray(40), captured - 40);
  return want_proto === 0 && want_port < 0;
}

/* L'heure d'un paquet, "HH:MM:SS.uuuuuu", dans le fuseau de TZ. */
function format_stamp(stamp: Uint8Array, size: number, sec: number, usec: number): void {
  const tm = new Date(sec * 1000); /* struct tm, localtime_r(&sec, &tm) */
  snprintf(
    stamp,
    size,
    '%02d:%02d:%02d.%06ld',
    tm.getHours(),
    tm.getMinutes(),
    tm.getSeconds(),
    usec,
  );
}

/* La trame reçue, ou lue dans le fichier -r. */
const frame = new Uint8Array(SNAPLEN);
/* Un enregistrement du fichier -w : son en-tête, puis la trame. */
const record = new Uint8Array(16 + SNAPLEN);

/* Un entier dans l'ordre des octets de la machine, comme tcpdump écrit ses fichiers
 * (memcpy(p, &v, sizeof v) en C). */
const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function put16(p: Uint8Array, at: number, v: number): void {
  new DataView(p.buffer, p.byteOffset).setUint16(at, v, little);
}

function put32(p: Uint8Array, at: number, v: number): void {
  new DataView(p.buffer, p.byteOffset).setUint32(at, v, little);
}

/* L'en-tête du fichier pcap (struct pcap_file_header, 24 octets). */
function write_header(fd: number): void {
  const h = new Uint8Array(24);
  put32(h, 0, 0xa1b2c3d4); /* magic : microsecondes, ordre de la machine */
  put16(h, 4, 2); /* version_major */
  put16(h, 6, 4); /* version_minor */
  put32(h, 8, 0); /* thiszone */
  put32(h, 12, 0); /* sigfigs */
  put32(h, 16, SNAPLEN); /* snaplen */
  put32(h, 20, LINKTYPE_ETHERNET); /* linktype */
  if (write(fd, h, h.length) !== h.length) {
    perror('write');
    exit(1);
  }
}

/* Un paquet dans le fichier -w : ts_sec, ts_usec, incl_len, orig_len, puis les octets, en
 * un write(). */
function save(
  fd: number,
  sec: number,
  usec: number,
  p: Uint8Array,
  caplen: number,
  len: number,
): void {
  put32(record, 0, sec);
  put32(record, 4, usec);
  put32(record, 8, caplen);
  put32(record, 12, len);
  memcpy(record.subarray(16), p, caplen);
  if (write(fd, record, 16 + caplen) !== 16 + caplen) {
    perror('write');
    exit(1);
  }
}

/* read() jusqu'à n octets ou la fin du fichier : rend le nombre d'octets lus. */
function read_full(fd: number, path: string, buf: Uint8Array, n: number): number {
  let got = 0;
  let r: number;
  while (got < n) {
    if ((r = read(fd, buf.subarray(got), n - got)) === -1) {
      perror(path);
      exit(1);
    }
    if (r === 0) break;
    got += r;
  }
  return got;
}

/* Un entier du fichier, dans son ordre des octets (big : celui du réseau). */
function file32(p: Uint8Array, at: number, big: boolean): number {
  return big
    ? get32(p, at)
    : ((p[at + 3] << 24) | (p[at + 2] << 16) | (p[at + 1] << 8) | p[at]) >>> 0;
}

function file16(p: Uint8Array, at: number, big: boolean): number {
  return big ? get16(p, at) : (p[at + 1] << 8) | p[at];
}

/* Ce qui ne va pas dans le fichier, et à quel octet : sortie 1. */
function bad_file(path: string, what: Uint8Array | string, at: number): never {
  fprintf(stderr, 'capture: %s: %s at byte %lu\n', path, what, at);
  exit(1);
}

/* -r : les paquets du fichier, affichés (et écrits dans le fichier -w) comme une capture.
 * Rend le nombre de paquets retenus. */
function read_file(path: string, wfd: number, print: boolean, hex: number, count: number): number {
  const h = new Uint8Array(24);
  const what = new Uint8Array(128),
    stamp = new Uint8Array(32);
  let at = 0;
  let fd: number, big: boolean;
  let captured = 0,
    number = 0;
  let got: number;
  let sec: number, frac: number, caplen: number, len: number;

  if ((fd = open(path, 'r')) === -1) {
    perror(path);
    exit(1);
  }
  got = read_full(fd, path, h, 24);
  const magic = got >= 4 ? get32(h) : 0;
  if (magic === 0x0a0d0d0a)
    bad_file(
      path,
      'pcapng (block type 0x0a0d0d0a) is not supported, only pcap: editcap -F pcap converts it',
      0,
    );
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) big = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) big = false;
  else if (got < 4) {
    snprintf(what, what.length, 'truncated file header: %zu of 24 bytes', got);
    bad_file(path, what, got);
  } else {
    snprintf(what, what.length, 'not a pcap file: magic 0x%08x', magic);
    bad_file(path, what, 0);
  }
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  if (got < 24) {
    snprintf(what, what.length, 'truncated file header: %zu of 24 bytes', got);
    bad_file(path, what, got);
  }
  if (file16(h, 4, big) !== 2 || file16(h, 6, big) !== 4) {
    snprintf(
      what,
      what.length,
      'version %u.%u is not supported (2.4 expected)',
      file16(h, 4, big),
      file16(h, 6, big),
    );
    bad_file(path, what, 4);
  }
  if (file32(h, 20, big) !== LINKTYPE_ETHERNET) {
    snprintf(
      what,
      what.length,
      'link type %u is not supported (1, Ethernet, expected)',
      file32(h, 20, big),
    );
    bad_file(path, what, 20);
  }
  fprintf(
    stderr,
    'reading from file %s, link-type EN10MB (Ethernet), snapshot length %u\n',
    path,
    file32(h, 16, big),
  );
  at = 24;
  while (count < 0 || captured < count) {
    number++;
    if ((got = read_full(fd, path, h, 16)) === 0) break;
    if (got < 16) {
      snprintf(what, what.length, 'packet %d: truncated header: %zu of 16 bytes', number, got);
      bad_file(path, what, at + got);
    }
    sec = file32(h, 0, big);
    frac = file32(h, 4, big);
    caplen = file32(h, 8, big);
    len = file32(h, 12, big);
    if (frac >= (nano ? 1000000000 : 1000000)) {
      snprintf(
        what,
        what.length,
        'packet %d: %s %u out of range',
        number,
        nano ? 'nanoseconds' : 'microseconds',
        frac,
      );
      bad_file(path, what, at + 4);
    }
    if (caplen > SNAPLEN || caplen > len || caplen < 14) {
      snprintf(
        what,
        what.length,
        'packet %d: captured length %u (original length %u) is not from 14 to %u and ' +
          'at most the original length',
        number,
        caplen,
        len,
        SNAPLEN,
      );
      bad_file(path, what, at + 8);
    }
    if ((got = read_full(fd, path, frame, caplen)) < caplen) {
      snprintf(
        what,
        what.length,
        'packet %d: truncated data: %zu of %u bytes',
        number,
        got,
        caplen,
      );
      bad_file(path, what, at + 16 + got);
    }
    at += 16 + caplen;
    if (nano) frac = Math.floor(frac / 1000);
    /* La trame Ethernet : le type du paquet à l'octet 12, le paquet IP à l'octet 14. */
    if (matches(get16(frame, 12), frame.subarray(14), caplen - 14)) {
      format_stamp(stamp, stamp.length, sec, frac);
      if (print) show(stamp, get16(frame, 12), frame.subarray(14), caplen - 14, -1, hex);
      if (wfd !== -1) save(wfd, sec, frac, frame, caplen, len);
      captured++;
    }
  }
  close(fd);
  return captured;
}

/* SIGTERM, SIGINT : le gestionnaire ne fait rien ; il est là pour que recvmsg() soit
 * interrompu (EINTR) au lieu que le processus meure. */
function on_signal(): void {}

function main(argc: number, argv: string[]): number {
  let iface = 'lo';
  let wfile: string | null = null,
    rfile: string | null = null;
  let hex = 0;
  let count = -1;
  let captured = 0;
  let opt: string | -1, s: number, i: number;
  const on = 1;
  let wfd = -1,
    flags = 0;
  let stop_us = 0; /* l'heure du signal, en microsecondes */
  const rcvbuf = RCVBUF;
  let ifindex: number;
  const addr = {} as sockaddr_ll,
    from = {} as sockaddr_ll;
  const len: socklen_t = { value: 0 };
  /* La place des deux messages de contrôle. */
  const control = new Uint8Array(CMSG_SPACE(sizeof.timeval) + CMSG_SPACE(AUX.size));
  const iov: iovec = { iov_base: frame, iov_len: 0 };
  let msg: msghdr;
  let cmsg: cmsghdr | null;
  /* Une heure : la durée ne compte pas (voir capture.c). */
  const timeout: timeval = { tv_sec: 3600, tv_usec: 0 };
  const st = new Uint8Array(STATS.size); /* struct tpacket_stats */

  setvbuf(stdout, null, _IOLBF, 0);

  set_opterr(0);
  while ((opt = getopt(argc, argv, '+i:Xc:w:r:')) !== -1) {
    if (opt === 'i') iface = optarg!;
    else if (opt === 'X') hex = 1;
    else if (opt === 'c') count = atoi(optarg);
    else if (opt === 'w') wfile = optarg;
    else if (opt === 'r') rfile = optarg;
    else usage();
  }
  /* Le filtre. */
  for (i = optind; i < argc; i++) {
    if (strcmp(argv[i], 'udp') === 0) want_proto = IPPROTO_UDP;
    else if (strcmp(argv[i], 'tcp') === 0) want_proto = IPPROTO_TCP;
    else if (strcmp(argv[i], 'port') === 0 && i + 1 < argc) want_port = atoi(argv[++i]);
    else if (strcmp(argv[i], 'and') !== 0) usage();
  }
  /* -w seul n'affiche rien, comme tcpdump -w. */
  const print = wfile === null || hex !== 0;
  if (wfile !== null) {
    if ((wfd = open(wfile, 'w', 0o644)) === -1) {
      perror(wfile);
      exit(1);
    }
    write_header(wfd);
  }
  if (rfile !== null) {
    read_file(rfile, wfd, print, hex, count);
    if (wfd !== -1) close(wfd);
    return 0;
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
    setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, on, sizeof.int) === -1 ||
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, timeout, sizeof.timeval) === -1
  ) {
    perror('setsockopt');
    exit(1);
  }
  /* La file : RCVBUF octets, SO_RCVBUFFORCE (root), sinon SO_RCVBUF (voir capture.c). */
  if (
    setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf, sizeof.int) === -1 &&
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, rcvbuf, sizeof.int) === -1
  ) {
    perror('setsockopt');
    exit(1);
  }
  /* Le type de lien de l'interface (sll_hatype) : lo, et pour -w, Ethernet. */
  len.value = LL.size;
  if (getsockname(s, addr, len) === -1) {
    perror('getsockname');
    exit(1);
  }
  if (wfd !== -1 && addr.sll_hatype !== ARPHRD_ETHER && addr.sll_hatype !== ARPHRD_LOOPBACK) {
    fprintf(
      stderr,
      'capture: -w: %s has link type %u (ARPHRD), not Ethernet\n',
      iface,
      addr.sll_hatype!,
    );
    exit(1);
  }
  /* Sur lo, la copie sortante n'entre pas dans la file (voir capture.c). */
  if (addr.sll_hatype === ARPHRD_LOOPBACK)
    setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, on, sizeof.int);
  /* sigaction(SIGTERM), sigaction(SIGINT) : ceux de libuv, avec SA_RESTART comme en C, que
   * SO_RCVTIMEO rend sans effet sur recvmsg(). */
  process.on('SIGTERM', on_signal);
  process.on('SIGINT', on_signal);
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
    if ((n = recvmsg(s, msg, flags)) === -1) {
      if (errno === EINTR) {
        /* SIGTERM, SIGINT : lire ce qui est en file, puis finir */
        /* gettimeofday(&now, NULL), le vDSO : pas un appel système */
        stop_us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
        flags = MSG_DONTWAIT;
        continue;
      }
      if (errno === EAGAIN && flags === MSG_DONTWAIT) break; /* la file est vide */
      if (errno === EAGAIN) continue; /* l'heure de SO_RCVTIMEO */
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
    /* Une trame arrivée après le signal : la fin. */
    if (flags === MSG_DONTWAIT && field(tv, TV.tv_sec) * 1000000 + field(tv, TV.tv_usec) > stop_us)
      break;
    const net = field(aux, AUX.tp_net);
    if (n < net) continue;
    if (!matches(ntohs(from.sll_protocol!), frame.subarray(net), n - net)) continue;
    format_stamp(stamp, stamp.length, field(tv, TV.tv_sec), field(tv, TV.tv_usec));
    if (print)
      show(
        stamp,
        ntohs(from.sll_protocol!),
        frame.subarray(net),
        n - net,
        (field(aux, AUX.tp_status) & TP_STATUS_CSUMNOTREADY) !== 0 ? 1 : 0,
        hex,
      );
    /* La trame entière, en-tête Ethernet compris ; tp_len : sa longueur d'origine. */
    if (wfd !== -1)
      save(wfd, field(tv, TV.tv_sec), field(tv, TV.tv_usec), frame, n, field(aux, AUX.tp_len));
    captured++;
  }
  /* struct tpacket_stats : les trames reçues, et jetées faute de place dans la file. */
  len.value = STATS.size;
  if (getsockopt(s, SOL_PACKET, PACKET_STATISTICS, st, len) === -1) {
    perror('getsockopt');
    exit(1);
  }
  fprintf(stderr, '%d packets captured\n', captured);
  fprintf(stderr, '%u packets dropped by kernel\n', field(st, STATS.tp_drops));
  close(s);
  if (wfd !== -1) close(wfd);
  return 0;
}

libc_start_main(main);
