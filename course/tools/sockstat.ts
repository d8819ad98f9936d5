/*
 * sockstat.ts - portage TypeScript de sockstat.c (le sous-ensemble de « ss -tuan »).
 *
 * usage : node dist/course/tools/sockstat.js [-t] [-u] [-a | -l] [-p]
 *
 * Même programme que sockstat.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce
 * que TypeScript change : les appels lèvent une exception au lieu de rendre -1 ; la requête
 * netlink (struct nlmsghdr suivie d'une struct inet_diag_req_v2) et les réponses (struct
 * inet_diag_msg) sont écrites et lues octet par octet aux offsets de `layout` (ceux du
 * compilateur C), et NLMSG_OK / NLMSG_NEXT / NLMSG_DATA sont écrits ici ; /proc est lu par
 * node:fs ; printf("%-30s") est padEnd.
 */
import * as fs from 'node:fs';

import {
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NETLINK_SOCK_DIAG,
  NLMSG_ALIGNTO,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  SOCK_DIAG_BY_FAMILY,
  SOCK_RAW,
  TCP_CLOSE,
  TCP_CLOSE_WAIT,
  TCP_CLOSING,
  TCP_ESTABLISHED,
  TCP_FIN_WAIT1,
  TCP_FIN_WAIT2,
  TCP_LAST_ACK,
  TCP_LISTEN,
  TCP_SYN_RECV,
  TCP_SYN_SENT,
  TCP_TIME_WAIT,
  close,
  inet_ntop,
  layout,
  ntohs,
  perror,
  recvmsg,
  sendmsg,
  socket,
} from 'bsd-sockets';
import type { msghdr, sockaddr_nl, sockaddr_storage } from 'bsd-sockets';

import {
  _IOLBF,
  exit,
  fprintf,
  libc_start_main,
  printf,
  setvbuf,
  stderr,
  stdout,
} from '../lib/libc';
import { getopt } from './getopt';

const BUF_MAX = 32768;
const host = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const {
  nlmsghdr: NLH,
  nlmsgerr: NLE,
  inet_diag_req_v2: REQ,
  inet_diag_msg: MSG,
  inet_diag_sockid: ID,
} = layout;

function usage(): never {
  fprintf(stderr, 'usage : sockstat [-t] [-u] [-a | -l] [-p]\n');
  exit(1);
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

/* Les entrées numériques d'un répertoire de /proc, dans l'ordre croissant. */
function scandir(path: string): string[] {
  return fs
    .readdirSync(path)
    .filter((name) => name[0] >= '0' && name[0] <= '9')
    .sort((a, b) => Number(a) - Number(b));
}

function read_owners(): void {
  let pids: string[];
  try {
    pids = scandir('/proc');
  } catch {
    return;
  }
  for (const pid of pids) {
    let comm = '';
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').split('\n')[0];
    } catch {
      /* processus fini entre-temps */
    }
    let fds: string[];
    try {
      fds = scandir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]/.exec(link);
      if (m) owners.push({ inode: Number(m[1]), pid: Number(pid), fd: Number(fd), comm });
    }
  }
}

/* "127.0.0.1:3000", "[::1]:3000", "0.0.0.0:*" : comme ss -n. */
function format_address(family: number, addr: Uint8Array, port: number): string {
  const text = inet_ntop(family, family === AF_INET6 ? addr : addr.subarray(0, 4));
  const p = port === 0 ? '*' : String(ntohs(port));
  return family === AF_INET6 ? `[${text}]:${p}` : `${text}:${p}`;
}

/* NLMSG_ALIGN, NLMSG_HDRLEN, NLMSG_OK de <linux/netlink.h>. */
const NLMSG_ALIGN = (len: number): number => (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
const NLMSG_HDRLEN = NLMSG_ALIGN(NLH.size);
function NLMSG_OK(view: DataView, nlh: number, len: number): boolean {
  if (len < NLH.size) return false;
  const nlmsg_len = view.getUint32(nlh + NLH.nlmsg_len.offset, host);
  return nlmsg_len >= NLH.size && nlmsg_len <= len;
}

function main(argc: number, argv: string[]): number {
  let tcp = 0,
    udp = 0,
    all = 0,
    listening = 0,
    processes = 0,
    s: number;
  let states: number;
  const protocols = [IPPROTO_UDP, IPPROTO_TCP];
  const families = [AF_INET, AF_INET6];
  const buf = new Uint8Array(BUF_MAX);
  const view = new DataView(buf.buffer);
  const kernel = {} as sockaddr_nl;

  setvbuf(stdout, null, _IOLBF, 0);

  const opt = getopt(argc, argv, '+tualnp');
  for (let o = opt.next(); o !== -1; o = opt.next()) {
    if (o === 't') tcp = 1;
    else if (o === 'u') udp = 1;
    else if (o === 'a') all = 1;
    else if (o === 'l') listening = 1;
    else if (o === 'p') processes = 1;
    else if (o !== 'n') usage();
  }
  if (opt.optind !== argc) usage();
  if (!tcp && !udp) tcp = udp = 1;
  if (all) states = 0xffffffff;
  else if (listening) states = (1 << TCP_LISTEN) | (1 << TCP_CLOSE);
  else
    states =
      ~((1 << TCP_LISTEN) | (1 << TCP_CLOSE) | (1 << TCP_TIME_WAIT) | (1 << TCP_SYN_RECV)) >>> 0;
  if (processes) read_owners();

  try {
    s = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
  } catch (e) {
    perror('socket', e);
    exit(1);
  }
  kernel.nl_family = AF_NETLINK; /* nl_pid 0 : le noyau */
  kernel.nl_pid = 0;
  kernel.nl_groups = 0;

  printf(
    '%s %s\n',
    [
      'Netid'.padEnd(5),
      'State'.padEnd(10),
      'Recv-Q',
      'Send-Q',
      'Local Address:Port'.padEnd(30),
    ].join(' '),
    processes ? 'Peer Address:Port              Process' : 'Peer Address:Port',
  );
  for (let i = 0; i < 2; i++) {
    if ((protocols[i] === IPPROTO_UDP && !udp) || (protocols[i] === IPPROTO_TCP && !tcp)) continue;
    for (let j = 0; j < 2; j++) {
      /* La requête : toutes les sockets de ce protocole et de cette famille, dans ces
       * états. struct { struct nlmsghdr nlh; struct inet_diag_req_v2 req; } */
      const request = new Uint8Array(NLMSG_HDRLEN + REQ.size);
      const r = new DataView(request.buffer);
      const req = NLMSG_HDRLEN;
      let done = 0;
      let msg: msghdr;

      r.setUint32(NLH.nlmsg_len.offset, request.byteLength, host);
      r.setUint16(NLH.nlmsg_type.offset, SOCK_DIAG_BY_FAMILY, host);
      r.setUint16(NLH.nlmsg_flags.offset, NLM_F_REQUEST | NLM_F_DUMP, host);
      r.setUint32(NLH.nlmsg_seq.offset, i * 2 + j + 1, host);
      request[req + REQ.sdiag_family.offset] = families[j];
      request[req + REQ.sdiag_protocol.offset] = protocols[i];
      r.setUint32(req + REQ.idiag_states.offset, states, host);
      msg = {
        msg_name: kernel,
        msg_namelen: layout.sockaddr_nl.size,
        msg_iov: [{ iov_base: request, iov_len: request.byteLength }],
        msg_iovlen: 1,
      };
      try {
        sendmsg(s, msg, 0);
      } catch (e) {
        perror('sendmsg', e);
        exit(1);
      }

      /* Les réponses : des messages netlink, jusqu'à NLMSG_DONE. */
      while (!done) {
        const from = {} as sockaddr_storage;
        let n: number;
        msg = {
          msg_name: from,
          msg_namelen: layout.sockaddr_nl.size,
          msg_iov: [{ iov_base: buf, iov_len: BUF_MAX }],
          msg_iovlen: 1,
        };
        try {
          n = recvmsg(s, msg, 0);
        } catch (e) {
          perror('recvmsg', e);
          exit(1);
        }
        let len = n;
        for (let nlh = 0; NLMSG_OK(view, nlh, len);) {
          const type = view.getUint16(nlh + NLH.nlmsg_type.offset, host);
          const d = nlh + NLMSG_HDRLEN; /* NLMSG_DATA(nlh) */
          if (type === NLMSG_DONE) {
            done = 1;
            break;
          }
          if (type === NLMSG_ERROR) {
            fprintf(
              stderr,
              'sockstat: netlink error %d\n',
              view.getInt32(d + NLE.error.offset, host),
            );
            exit(1);
          }
          const family = buf[d + MSG.idiag_family.offset];
          const id = d + MSG.id.offset;
          const local = format_address(
            family,
            buf.subarray(id + ID.idiag_src.offset, id + ID.idiag_src.offset + ID.idiag_src.size),
            view.getUint16(id + ID.idiag_sport.offset, host),
          );
          const peer = format_address(
            family,
            buf.subarray(id + ID.idiag_dst.offset, id + ID.idiag_dst.offset + ID.idiag_dst.size),
            view.getUint16(id + ID.idiag_dport.offset, host),
          );
          const inode = view.getUint32(d + MSG.idiag_inode.offset, host);
          let line = [
            (protocols[i] === IPPROTO_UDP ? 'udp' : 'tcp').padEnd(5),
            state_name(buf[d + MSG.idiag_state.offset], protocols[i] === IPPROTO_UDP).padEnd(10),
            String(view.getUint32(d + MSG.idiag_rqueue.offset, host)).padEnd(6),
            String(view.getUint32(d + MSG.idiag_wqueue.offset, host)).padEnd(6),
            local.padEnd(30),
            peer.padEnd(processes ? 30 : 0),
          ].join(' ');
          if (processes && inode !== 0) {
            let first = 1;
            for (const o of owners) {
              if (o.inode !== inode) continue;
              line += `${first ? ' users:((' : ',('}"${o.comm}",pid=${o.pid},fd=${o.fd})`;
              first = 0;
            }
            if (!first) line += ')';
          }
          printf('%s\n', line);
          /* NLMSG_NEXT(nlh, len) */
          const step = NLMSG_ALIGN(view.getUint32(nlh + NLH.nlmsg_len.offset, host));
          len -= step;
          nlh += step;
        }
      }
    }
  }
  close(s);
  return 0;
}

libc_start_main(main);
