/*
 * nc.ts - portage TypeScript de nc.c (netcat, le sous-ensemble des slides).
 *
 * usage : node dist/course/tools/nc.js [-u] [-w secondes] hôte port
 *         node dist/course/tools/nc.js -l [-u] [-w secondes] port
 *
 * Même programme que nc.c, ligne à ligne (voir ce fichier pour ce qu'il fait). Ce que
 * TypeScript change : getopt est écrit ici (./getopt.ts), et `opterr = 0` s'y écrit
 * set_opterr(0) ; `&res` est une boîte { value } ; `buf += w` est buf.subarray(w) ;
 * l'entrée et la sortie standard sont lues et écrites par read(2) et write(2) sur les
 * descripteurs 0 et 1, comme en C.
 */
import { AF_INET, AF_UNSPEC, AI_PASSIVE, POLLERR, POLLHUP, POLLIN, SHUT_WR } from 'bsd-sockets/c';
import { SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, accept, bind } from 'bsd-sockets/c';
import { close, connect, freeaddrinfo, gai_strerror, getaddrinfo, listen } from 'bsd-sockets/c';
import { perror, poll, read, recv, recvfrom, send, setsockopt, shutdown } from 'bsd-sockets/c';
import { sizeof, socket, write } from 'bsd-sockets/c';
import type { addrinfo, addrinfo_hints, addrinfo_ptr, pollfd } from 'bsd-sockets/c';
import type { sockaddr_storage, socklen_t } from 'bsd-sockets/c';
import { atoi, exit, fprintf, libc_start_main, stderr } from 'bsd-sockets/libc';
import { getopt, optarg, optind, set_opterr } from './getopt';

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
  while (n > 0) {
    const w = write(fd, buf, n);
    if (w === -1) {
      perror('write');
      exit(1);
    }
    buf = buf.subarray(w);
    n -= w;
  }
}

function main(argc: number, argv: string[]): number {
  let udp = 0;
  let listening = 0;
  let timeout = -1; /* ms, -1 : pas de -w */
  let s: number, ret: number | string;
  let host: string | null = null,
    port: string;
  const hints: addrinfo_hints = {};
  const res: addrinfo_ptr = { value: null };
  let rp: addrinfo | null;
  const buf = new Uint8Array(BUF_MAX);
  const fds: pollfd[] = [
    { fd: 0, events: 0, revents: 0 },
    { fd: 0, events: 0, revents: 0 },
  ];
  let stdin_open = 1;

  /* Les options, avant les arguments ('+' : getopt s'arrête au premier argument). */
  set_opterr(0); /* une option inconnue : l'usage, pas le message de getopt */
  while ((ret = getopt(argc, argv, '+ulw:')) !== -1) {
    if (ret === 'u') udp = 1;
    else if (ret === 'l') listening = 1;
    else if (ret === 'w') timeout = atoi(optarg) * 1000;
    else usage();
  }
  const i = optind;
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
  if ((ret = getaddrinfo(host, port, hints, res)) !== 0) {
    fprintf(stderr, 'nc: getaddrinfo: %s\n', gai_strerror(ret));
    exit(1);
  }

  /* Création de la socket, connect() (client) ou bind() (serveur) : la première adresse
   * qui marche. */
  s = -1;
  for (rp = res.value; rp !== null; rp = rp.ai_next) {
    if ((s = socket(rp.ai_family, rp.ai_socktype, rp.ai_protocol)) === -1) continue;
    if (listening) {
      const on = 1;
      /* Relancer le serveur aussitôt, malgré un TIME_WAIT sur ce port. */
      if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, sizeof.int) === -1) {
        perror('setsockopt');
        exit(1);
      }
      if (bind(s, rp.ai_addr, rp.ai_addrlen) === 0) break;
    } else if (connect(s, rp.ai_addr, rp.ai_addrlen) === 0) {
      break;
    }
    close(s);
    s = -1;
  }
  if (s === -1) {
    perror(listening ? 'bind' : 'connect');
    exit(1);
  }
  freeaddrinfo(res.value);

  if (listening && !udp) {
    let c: number;
    if (listen(s, 1) === -1) {
      perror('listen');
      exit(1);
    }
    if ((c = accept(s, null, null)) === -1) {
      perror('accept');
      exit(1);
    }
    close(s);
    s = c;
  } else if (listening) {
    /* UDP : le premier datagramme dit à qui répondre. */
    const from: sockaddr_storage = {};
    const len: socklen_t = { value: sizeof.sockaddr_storage };
    let n: number;
    if ((n = recvfrom(s, buf, BUF_MAX, 0, from, len)) === -1) {
      perror('recvfrom');
      exit(1);
    }
    if (connect(s, from, len.value) === -1) {
      perror('connect');
      exit(1);
    }
    write_all(1, buf, n);
  }

  /* stdin → socket, socket → stdout. */
  fds[0].fd = 0;
  fds[0].events = POLLIN;
  fds[1].fd = s;
  fds[1].events = POLLIN;
  while (true) {
    let n: number;
    if ((ret = poll(fds, 2, timeout)) === -1) {
      perror('poll');
      exit(1);
    }
    if (ret === 0) break; /* -w : rien depuis `timeout` ms */

    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if ((n = recv(s, buf, BUF_MAX, 0)) === -1) {
        perror('recv');
        exit(1);
      }
      if (n === 0 && !udp) break; /* le pair a fermé */
      write_all(1, buf, n);
    }
    if (stdin_open && fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if ((n = read(0, buf, BUF_MAX)) === -1) {
        perror('read');
        exit(1);
      }
      if (n === 0) {
        /* Fin de l'entrée : poll() ne la surveille plus (fd négatif). */
        stdin_open = 0;
        fds[0].fd = -1;
        if (!udp && shutdown(s, SHUT_WR) === -1) {
          perror('shutdown');
          exit(1);
        }
      } else if (send(s, buf, n, 0) === -1) {
        perror('send');
        exit(1);
      }
    }
  }

  close(s);
  return 0;
}

libc_start_main(main);
