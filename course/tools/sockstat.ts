/*
 * sockstat.ts - portage TypeScript de sockstat.c (le sous-ensemble de « ss -tuan »).
 *
 * usage : node dist/course/tools/sockstat.js [-t] [-u] [-a | -l] [-p] [filtre]
 *
 * Même programme que sockstat.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce
 * que TypeScript change : la requête netlink (struct nlmsghdr suivie d'une struct
 * inet_diag_req_v2) et les réponses (struct inet_diag_msg) sont des octets, un pointeur
 * (nlh, d) une vue dans buf, et `d->idiag_rqueue` s'écrit field(d, MSG.idiag_rqueue)
 * (./struct.ts) ; NLMSG_OK / NLMSG_NEXT / NLMSG_DATA sont écrits ici, `len`, que
 * NLMSG_NEXT décrémente, est une boîte { value } ; getopt est écrit ici (./getopt.ts) ;
 * /proc est lu par node:fs (scandir, readlink et la ligne de comm, plus bas, rendent ce
 * que rendent ceux du C).
 */
import * as fs from 'node:fs';

import { AF_INET, AF_INET6, AF_NETLINK, INET6_ADDRSTRLEN, IPPROTO_TCP } from 'bsd-sockets/c';
import { IPPROTO_UDP, NETLINK_SOCK_DIAG, NLMSG_ALIGNTO, NLMSG_DONE } from 'bsd-sockets/c';
import { NLMSG_ERROR, NLM_F_DUMP, NLM_F_REQUEST, SOCK_DIAG_BY_FAMILY } from 'bsd-sockets/c';
import { SOCK_RAW, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_ESTABLISHED } from 'bsd-sockets/c';
import {
  TCP_FIN_WAIT1,
  TCP_FIN_WAIT2,
  TCP_LAST_ACK,
  TCP_LISTEN,
  TCP_SYN_RECV,
} from 'bsd-sockets/c';
import { TCP_SYN_SENT, TCP_TIME_WAIT, close, inet_ntop, ntohs, perror } from 'bsd-sockets/c';
import { recvmsg, sendmsg, socket } from 'bsd-sockets/c';
import type { iovec, msghdr, sockaddr_nl } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, libc_start_main, memset, printf } from 'bsd-sockets/libc';
import { setvbuf, snprintf, stderr, stdout, strcmp } from 'bsd-sockets/libc';
import { getopt, optind, set_opterr } from './getopt';
import { field, layout, member, set_field } from './struct';

const BUF_MAX = 32768;
const { nlmsghdr: NLH, nlmsgerr: NLE, inet_diag_req_v2: REQ, sockaddr_nl: NL } = layout;
const { inet_diag_msg: MSG, inet_diag_sockid: ID } = layout;

function usage(): never {
  fprintf(
    stderr,
    'usage : sockstat [-t] [-u] [-a | -l] [-p] [state NOM]... [sport|dport OP :PORT]...\n',
  );
  exit(1);
}

/* Les états d'un « state NOM » de ss, en bits (1 << état du noyau) ; 0 : nom inconnu. */
function state_bits(name: string): number {
  const connected = ~((1 << TCP_LISTEN) | (1 << TCP_CLOSE)) >>> 0;
  if (strcmp(name, 'established') === 0) return 1 << TCP_ESTABLISHED;
  if (strcmp(name, 'syn-sent') === 0) return 1 << TCP_SYN_SENT;
  if (strcmp(name, 'syn-recv') === 0) return 1 << TCP_SYN_RECV;
  if (strcmp(name, 'fin-wait-1') === 0) return 1 << TCP_FIN_WAIT1;
  if (strcmp(name, 'fin-wait-2') === 0) return 1 << TCP_FIN_WAIT2;
  if (strcmp(name, 'time-wait') === 0) return 1 << TCP_TIME_WAIT;
  if (strcmp(name, 'closed') === 0) return 1 << TCP_CLOSE;
  if (strcmp(name, 'close-wait') === 0) return 1 << TCP_CLOSE_WAIT;
  if (strcmp(name, 'last-ack') === 0) return 1 << TCP_LAST_ACK;
  if (strcmp(name, 'listening') === 0) return (1 << TCP_LISTEN) | (1 << TCP_CLOSE);
  if (strcmp(name, 'closing') === 0) return 1 << TCP_CLOSING;
  if (strcmp(name, 'all') === 0) return 0xffffffff;
  if (strcmp(name, 'connected') === 0) return connected;
  if (strcmp(name, 'synchronized') === 0) return (connected & ~(1 << TCP_SYN_SENT)) >>> 0;
  if (strcmp(name, 'bucket') === 0) return (1 << TCP_SYN_RECV) | (1 << TCP_TIME_WAIT);
  if (strcmp(name, 'big') === 0) return ~((1 << TCP_SYN_RECV) | (1 << TCP_TIME_WAIT)) >>> 0;
  return 0;
}

/* Une condition « sport = :3000 » : le port local (ou distant, dport), égal ou non. */
interface port_cond {
  dport: number;
  equal: number;
  port: number;
}
const conds: port_cond[] = [];
let n_conds = 0;

/* Si une socket de ports sport et dport (ordre de l'hôte) tient toutes les conditions. */
function matches(sport: number, dport: number): boolean {
  let k: number;
  for (k = 0; k < n_conds; k++)
    if (((conds[k].dport ? dport : sport) === conds[k].port) !== !!conds[k].equal) return false;
  return true;
}

/* Les noms d'état de ss, indexés par l'état TCP du noyau (<netinet/tcp.h>). */
function state_name(state: number, udp: boolean): string {
  switch (state) {
    case TCP_ESTABLISHED:
      return 'ESTAB';
    case TCP_SYN_SENT:
      return 'SYN-SENT';
    case TCP_SYN_RECV:
      return 'SYN-RECV';
    case TCP_FIN_WAIT1:
      return 'FIN-WAIT-1';
    case TCP_FIN_WAIT2:
      return 'FIN-WAIT-2';
    case TCP_TIME_WAIT:
      return 'TIME-WAIT';
    case TCP_CLOSE:
      return udp ? 'UNCONN' : 'CLOSE';
    case TCP_CLOSE_WAIT:
      return 'CLOSE-WAIT';
    case TCP_LAST_ACK:
      return 'LAST-ACK';
    case TCP_LISTEN:
      return 'LISTEN';
    case TCP_CLOSING:
      return 'CLOSING';
    default:
      return 'UNKNOWN';
  }
}

/* Qui détient chaque socket : (inode, pid, fd, nom), lu une fois dans /proc. */
interface owner {
  inode: number;
  pid: number;
  fd: number;
  comm: string;
}
const owners: owner[] = [];

/* Les entrées numériques d'un répertoire de /proc, dans l'ordre croissant : scandir(3) avec
 * les filtres numeric et by_number de sockstat.c ; -1 si le répertoire ne s'ouvre pas. */
function scandir(dirp: string, namelist: { value: string[] }): number {
  try {
    namelist.value = fs.readdirSync(dirp).filter((name) => name[0] >= '0' && name[0] <= '9');
  } catch {
    return -1;
  }
  namelist.value.sort((a, b) => atoi(a) - atoi(b));
  return namelist.value.length;
}

/* readlink(2) : le contenu du lien, ou null (-1 en C). */
function readlink(path: string): string | null {
  try {
    return fs.readlinkSync(path);
  } catch {
    return null;
  }
}

/* fopen, fgets, strcspn(comm, "\n"), fclose : la première ligne du fichier, '' sans fichier. */
function first_line(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8').split('\n')[0];
  } catch {
    return '';
  }
}

function read_owners(): void {
  const pids = { value: [] as string[] },
    fds = { value: [] as string[] };
  let n: number, m: number, i: number, j: number;
  let path: string, comm: string;
  if ((n = scandir('/proc', pids)) === -1) return;
  for (i = 0; i < n; i++) {
    path = `/proc/${pids.value[i]}/comm`;
    comm = first_line(path);
    path = `/proc/${pids.value[i]}/fd`;
    if ((m = scandir(path, fds)) !== -1) {
      for (j = 0; j < m; j++) {
        let link: string | null, inode: RegExpExecArray | null;
        path = `/proc/${pids.value[i]}/fd/${fds.value[j]}`;
        if ((link = readlink(path)) !== null) {
          /* sscanf(link, "socket:[%lu]", &inode) == 1 */
          if ((inode = /^socket:\[(\d+)\]/.exec(link)) !== null) {
            owners.push({
              inode: Number(inode[1]),
              pid: atoi(pids.value[i]),
              fd: atoi(fds.value[j]),
              comm,
            });
          }
        }
      }
    }
  }
}

/* "127.0.0.1:3000", "[::1]:3000", "0.0.0.0:*" : comme ss -n. */
function format_address(
  out: Uint8Array,
  size: number,
  family: number,
  addr: Uint8Array,
  port: number,
): void {
  const host = new Uint8Array(INET6_ADDRSTRLEN);
  const p = new Uint8Array(8);
  inet_ntop(family, addr, host, host.length);
  if (port === 0) snprintf(p, p.length, '*');
  else snprintf(p, p.length, '%u', ntohs(port));
  if (family === AF_INET6) snprintf(out, size, '[%s]:%s', host, p);
  else snprintf(out, size, '%s:%s', host, p);
}

/* NLMSG_ALIGN, NLMSG_HDRLEN, NLMSG_DATA, NLMSG_OK, NLMSG_NEXT de <linux/netlink.h>. */
const NLMSG_ALIGN = (len: number): number => (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
const NLMSG_HDRLEN = NLMSG_ALIGN(NLH.size);
const NLMSG_DATA = (nlh: Uint8Array): Uint8Array => nlh.subarray(NLMSG_HDRLEN);
function NLMSG_OK(nlh: Uint8Array, len: number): boolean {
  return (
    len >= NLH.size && field(nlh, NLH.nlmsg_len) >= NLH.size && field(nlh, NLH.nlmsg_len) <= len
  );
}
function NLMSG_NEXT(nlh: Uint8Array, len: { value: number }): Uint8Array {
  len.value -= NLMSG_ALIGN(field(nlh, NLH.nlmsg_len));
  return nlh.subarray(NLMSG_ALIGN(field(nlh, NLH.nlmsg_len)));
}

function main(argc: number, argv: string[]): number {
  let tcp = 0,
    udp = 0,
    all = 0,
    listening = 0,
    processes = 0;
  let opt: string | -1, s: number, i: number, j: number;
  let states: number;
  const protocols = [IPPROTO_UDP, IPPROTO_TCP];
  const families = [AF_INET, AF_INET6];
  const buf = new Uint8Array(BUF_MAX);
  const kernel: sockaddr_nl = { nl_family: 0, nl_pid: 0, nl_groups: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  set_opterr(0);
  while ((opt = getopt(argc, argv, '+tualnp')) !== -1) {
    if (opt === 't') tcp = 1;
    else if (opt === 'u') udp = 1;
    else if (opt === 'a') all = 1;
    else if (opt === 'l') listening = 1;
    else if (opt === 'p') processes = 1;
    else if (opt !== 'n') usage();
  }
  if (!tcp && !udp) tcp = udp = 1;
  if (all) states = 0xffffffff;
  else if (listening) states = (1 << TCP_LISTEN) | (1 << TCP_CLOSE);
  else
    states =
      ~((1 << TCP_LISTEN) | (1 << TCP_CLOSE) | (1 << TCP_TIME_WAIT) | (1 << TCP_SYN_RECV)) >>> 0;
  /* Le filtre : « state NOM »..., puis « sport|dport OP :PORT » reliées par « and ». */
  for (i = optind, j = 0; i < argc; i++) {
    if (strcmp(argv[i], 'state') === 0 && i + 1 < argc && state_bits(argv[i + 1]) !== 0) {
      states = ((j++ ? states : 0) | state_bits(argv[++i])) >>> 0;
    } else if (
      (strcmp(argv[i], 'sport') === 0 || strcmp(argv[i], 'dport') === 0) &&
      i + 2 < argc &&
      n_conds < 16
    ) {
      const op = argv[i + 1];
      let value = argv[i + 2];
      conds[n_conds] = { dport: argv[i][0] === 'd' ? 1 : 0, equal: 0, port: 0 };
      if (strcmp(op, '=') === 0 || strcmp(op, '==') === 0 || strcmp(op, 'eq') === 0)
        conds[n_conds].equal = 1;
      else if (strcmp(op, '!=') === 0 || strcmp(op, 'ne') === 0 || strcmp(op, 'neq') === 0)
        conds[n_conds].equal = 0;
      else usage();
      if (value[0] === ':') value = value.slice(1);
      if (!(value[0] >= '0' && value[0] <= '9') || atoi(value) > 65535) usage();
      conds[n_conds++].port = atoi(value);
      i += 2;
    } else if (strcmp(argv[i], 'and') !== 0) {
      usage();
    }
  }
  if (processes) read_owners();

  if ((s = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG)) === -1) {
    perror('socket');
    exit(1);
  }
  kernel.nl_family = AF_NETLINK; /* nl_pid 0 : le noyau */

  printf(
    '%-5s %-10s %-6s %-6s %-30s %s\n',
    'Netid',
    'State',
    'Recv-Q',
    'Send-Q',
    'Local Address:Port',
    processes ? 'Peer Address:Port              Process' : 'Peer Address:Port',
  );
  for (i = 0; i < 2; i++) {
    if ((protocols[i] === IPPROTO_UDP && !udp) || (protocols[i] === IPPROTO_TCP && !tcp)) continue;
    for (j = 0; j < 2; j++) {
      /* struct { struct nlmsghdr nlh; struct inet_diag_req_v2 req; } request; */
      const request = new Uint8Array(NLH.size + REQ.size);
      const req = request.subarray(NLH.size); /* &request.req */
      const iov: iovec = { iov_base: request, iov_len: 0 };
      let msg: msghdr;
      let done = 0;

      /* La requête : toutes les sockets de ce protocole et de cette famille, dans ces
       * états. */
      memset(request, 0, request.length);
      set_field(request, NLH.nlmsg_len, request.length);
      set_field(request, NLH.nlmsg_type, SOCK_DIAG_BY_FAMILY);
      set_field(request, NLH.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
      set_field(request, NLH.nlmsg_seq, i * 2 + j + 1);
      set_field(req, REQ.sdiag_family, families[j]);
      set_field(req, REQ.sdiag_protocol, protocols[i]);
      set_field(req, REQ.idiag_states, states);
      iov.iov_base = request;
      iov.iov_len = request.length;
      msg = { msg_iov: [] }; /* memset(&msg, 0, sizeof msg) */
      msg.msg_name = kernel;
      msg.msg_namelen = NL.size;
      msg.msg_iov = [iov];
      msg.msg_iovlen = 1;
      if (sendmsg(s, msg, 0) === -1) {
        perror('sendmsg');
        exit(1);
      }

      /* Les réponses : des messages netlink, jusqu'à NLMSG_DONE. */
      while (!done) {
        const from = {} as sockaddr_nl;
        let nlh: Uint8Array;
        let n: number;
        const len = { value: 0 }; /* int len, que NLMSG_NEXT décrémente */
        iov.iov_base = buf;
        iov.iov_len = buf.length;
        msg = { msg_iov: [] }; /* memset(&msg, 0, sizeof msg) */
        msg.msg_name = from;
        msg.msg_namelen = NL.size;
        msg.msg_iov = [iov];
        msg.msg_iovlen = 1;
        if ((n = recvmsg(s, msg, 0)) === -1) {
          perror('recvmsg');
          exit(1);
        }
        len.value = n;
        for (nlh = buf; NLMSG_OK(nlh, len.value); nlh = NLMSG_NEXT(nlh, len)) {
          const d = NLMSG_DATA(nlh); /* struct inet_diag_msg *d */
          const local = new Uint8Array(64),
            peer = new Uint8Array(64);
          let k: number;
          if (field(nlh, NLH.nlmsg_type) === NLMSG_DONE) {
            done = 1;
            break;
          }
          if (field(nlh, NLH.nlmsg_type) === NLMSG_ERROR) {
            fprintf(stderr, 'sockstat: netlink error %d\n', field(NLMSG_DATA(nlh), NLE.error) | 0);
            exit(1);
          }
          const id = member(d, MSG.id); /* &d->id */
          if (!matches(ntohs(field(id, ID.idiag_sport)), ntohs(field(id, ID.idiag_dport))))
            continue;
          format_address(
            local,
            local.length,
            field(d, MSG.idiag_family),
            member(id, ID.idiag_src),
            field(id, ID.idiag_sport),
          );
          format_address(
            peer,
            peer.length,
            field(d, MSG.idiag_family),
            member(id, ID.idiag_dst),
            field(id, ID.idiag_dport),
          );
          printf(
            '%-5s %-10s %-6u %-6u %-30s %-*s',
            protocols[i] === IPPROTO_UDP ? 'udp' : 'tcp',
            state_name(field(d, MSG.idiag_state), protocols[i] === IPPROTO_UDP),
            field(d, MSG.idiag_rqueue),
            field(d, MSG.idiag_wqueue),
            local,
            processes ? 30 : 0,
            peer,
          );
          if (processes && field(d, MSG.idiag_inode) !== 0) {
            let first = 1;
            for (k = 0; k < owners.length; k++) {
              if (owners[k].inode !== field(d, MSG.idiag_inode)) continue;
              printf(
                '%s"%s",pid=%d,fd=%d)',
                first ? ' users:((' : ',(',
                owners[k].comm,
                owners[k].pid,
                owners[k].fd,
              );
              first = 0;
            }
            if (!first) printf(')');
          }
          printf('\n');
        }
      }
    }
  }
  close(s);
  return 0;
}

libc_start_main(main);
