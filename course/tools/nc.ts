/*
 * nc.ts - portage TypeScript de nc.c (netcat, le sous-ensemble des slides).
 *
 * usage : node dist/course/tools/nc.js [-u] [-w secondes] hôte port
 *         node dist/course/tools/nc.js -l [-u] [-w secondes] port
 *
 * Même programme que nc.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce que
 * TypeScript change : les appels lèvent une exception au lieu de rendre -1 ; getopt est
 * écrit ici (getopt, plus bas) ; l'entrée et la sortie standard sont lues et écrites par
 * read(2) et write(2) sur les descripteurs 0 et 1, comme en C.
 */
import {
  AF_INET,
  AF_UNSPEC,
  AI_PASSIVE,
  POLLERR,
  POLLHUP,
  POLLIN,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_REUSEADDR,
  accept,
  bind,
  close,
  connect,
  freeaddrinfo,
  gai_strerror,
  getaddrinfo,
  listen,
  perror,
  poll,
  read,
  recv,
  recvfrom,
  send,
  setsockopt,
  shutdown,
  socket,
  write,
} from 'bsd-sockets';
import type { addrinfo, addrinfo_hints, pollfd, sockaddr_storage, socklen_t } from 'bsd-sockets';

import { atoi, exit, fprintf, gai_failed, libc_start_main, stderr } from '../lib/libc';
import { getopt } from './getopt';

const BUF_MAX = 4096;

function usage(): never {
  fprintf(
    stderr,
    'usage : nc [-u] [-w secondes] hôte port\n        nc -l [-u] [-w secondes] port\n',
  );
  exit(1);
}

/* Écrit les n octets de buf sur le descripteur fd (sortie standard). */
function write_all(fd: number, buf: Uint8Array, n: number): void {
  let at = 0;
  while (n > 0) {
    let w: number;
    try {
      w = write(fd, buf.subarray(at), n);
    } catch (e) {
      perror('write', e);
      exit(1);
    }
    at += w;
    n -= w;
  }
}

function main(argc: number, argv: string[]): number {
  let udp = 0,
    listening = 0,
    timeout = -1; /* ms, -1 : pas de -w */
  let s: number, ret: number;
  let host: string | null = null,
    port: string;
  const hints: addrinfo_hints = {};
  let res: addrinfo;
  let rp: addrinfo | null;
  const buf = new Uint8Array(BUF_MAX);
  let stdin_open = 1;

  /* Les options, avant les arguments ('+' : getopt s'arrête au premier argument). */
  const opt = getopt(argc, argv, '+ulw:');
  for (let o = opt.next(); o !== -1; o = opt.next()) {
    if (o === 'u') udp = 1;
    else if (o === 'l') listening = 1;
    else if (o === 'w') timeout = atoi(opt.optarg!) * 1000;
    else usage();
  }
  const i = opt.optind;
  if (listening && argc - i === 1) {
    port = argv[i];
  } else if (!listening && argc - i === 2) {
    host = argv[i];
    port = argv[i + 1];
  } else {
    usage();
  }

  /* L'adresse : celle du serveur (client), 0.0.0.0 (serveur). */
  hints.ai_family = listening ? AF_INET : AF_UNSPEC;
  hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
  hints.ai_flags = listening ? AI_PASSIVE : 0;
  try {
    res = getaddrinfo(host, port, hints);
  } catch (e) {
    fprintf(stderr, 'nc: getaddrinfo: %s\n', gai_strerror(gai_failed(e)));
    exit(1);
  }

  /* Création de la socket, connect() (client) ou bind() (serveur) : la première adresse
   * qui marche. */
  s = -1;
  let lastError: unknown = null;
  for (rp = res; rp !== null; rp = rp.ai_next) {
    try {
      s = socket(rp.ai_family, rp.ai_socktype, rp.ai_protocol);
    } catch (e) {
      lastError = e;
      continue;
    }
    try {
      if (listening) {
        /* Relancer le serveur aussitôt, malgré un TIME_WAIT sur ce port. */
        try {
          setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1);
        } catch (e) {
          perror('setsockopt', e);
          exit(1);
        }
        bind(s, rp.ai_addr, rp.ai_addrlen);
        break;
      } else {
        connect(s, rp.ai_addr, rp.ai_addrlen);
        break;
      }
    } catch (e) {
      lastError = e;
    }
    close(s);
    s = -1;
  }
  if (s === -1) {
    perror(listening ? 'bind' : 'connect', lastError);
    exit(1);
  }
  freeaddrinfo(res);

  if (listening && !udp) {
    let c: number;
    try {
      listen(s, 1);
    } catch (e) {
      perror('listen', e);
      exit(1);
    }
    try {
      c = accept(s, null, null);
    } catch (e) {
      perror('accept', e);
      exit(1);
    }
    close(s);
    s = c;
  } else if (listening) {
    /* UDP : le premier datagramme dit à qui répondre. */
    const from = {} as sockaddr_storage;
    const len: socklen_t = { value: 128 }; /* sizeof from */
    let n: number;
    try {
      n = recvfrom(s, buf, BUF_MAX, 0, from, len);
    } catch (e) {
      perror('recvfrom', e);
      exit(1);
    }
    try {
      connect(s, from, len.value);
    } catch (e) {
      perror('connect', e);
      exit(1);
    }
    write_all(1, buf, n);
  }

  /* stdin → socket, socket → stdout. */
  const fds: pollfd[] = [
    { fd: 0, events: POLLIN, revents: 0 },
    { fd: s, events: POLLIN, revents: 0 },
  ];
  while (true) {
    let n: number;
    try {
      ret = poll(fds, timeout);
    } catch (e) {
      perror('poll', e);
      exit(1);
    }
    if (ret === 0) break; /* -w : rien depuis `timeout` ms */

    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      try {
        n = recv(s, buf, BUF_MAX, 0);
      } catch (e) {
        perror('recv', e);
        exit(1);
      }
      if (n === 0 && !udp) break; /* le pair a fermé */
      write_all(1, buf, n);
    }
    if (stdin_open && fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      try {
        n = read(0, buf, BUF_MAX);
      } catch (e) {
        perror('read', e);
        exit(1);
      }
      if (n === 0) {
        /* Fin de l'entrée : poll() ne la surveille plus (fd négatif). */
        stdin_open = 0;
        fds[0].fd = -1;
        if (!udp) {
          try {
            shutdown(s, SHUT_WR);
          } catch (e) {
            perror('shutdown', e);
            exit(1);
          }
        }
      } else {
        try {
          send(s, buf, n, 0);
        } catch (e) {
          perror('send', e);
          exit(1);
        }
      }
    }
  }

  close(s);
  return 0;
}

libc_start_main(main);
