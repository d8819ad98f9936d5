/*
 * serveur_deux_sockets.ts - portage TypeScript de serveur_deux_sockets.c
 * (la "seconde solution" des slides : une socket IPv4 et une socket IPv6
 * avec IPV6_V6ONLY, surveillées avec select).
 *
 * usage : node dist/course/multiclient/serveur_deux_sockets.js port
 *
 * Même programme que serveur_deux_sockets.c, ligne à ligne (voir ce
 * fichier) ; strace y montre les mêmes appels, dans le même ordre. Ce que
 * TypeScript change : voir serveur_select.ts ; in6addr_any est 16 octets
 * nuls.
 */
import { AF_INET, AF_INET6, FD_CLR, FD_ISSET, FD_SET, FD_SETSIZE, FD_ZERO } from 'bsd-sockets/c';
import { INADDR_ANY, IPPROTO_IPV6, IPV6_V6ONLY, SOCK_STREAM, SOMAXCONN } from 'bsd-sockets/c';
import { accept, bind, close, fd_set, htonl, htons, listen, perror } from 'bsd-sockets/c';
import { select, setsockopt, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import {
  in6_addr,
  sockaddr_in,
  sockaddr_in6,
  sockaddr_storage,
  struct_assign,
} from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, puts, setvbuf } from 'bsd-sockets/libc';
import { stderr, stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, servir_requete, usage } from './service';
import { memset } from 'bsd-sockets/libc';

export function main(argc: number, argv: string[]): number {
  let s4: number,
    s6: number,
    sock: number,
    fd: number,
    maxfd: number,
    ret: number,
    un = 1;
  const ecoute: number[] = [];
  const clients = new fd_set(),
    readfds = new fd_set();
  const addr4 = new sockaddr_in();
  const addr6 = new sockaddr_in6();
  let i: number;

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_deux_sockets');
  }

  /* La socket IPv4 : 0.0.0.0:port */
  if ((s4 = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_STREAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  memset(addr4, 0, sizeof(addr4));
  addr4.sin_family = /* ..... la famille */ AF_INET;
  addr4.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  addr4.sin_port = /* ..... le port, en ordre réseau */ htons(
    atoi(argv[1]) & 0xffff,
  ); /* & 0xffff : la conversion en uint16_t du C */
  if (bind(/* ..... socket, adresse, longueur */ s4, addr4, sizeof(addr4)) === -1) {
    perror('bind');
    exit(1);
  }

  /* La socket IPv6 : [::]:port, sans les adresses IPv4 mappées */
  if ((s6 = socket(/* ..... domaine, type, protocole */ AF_INET6, SOCK_STREAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  if (setsockopt(/* ..... */ s6, IPPROTO_IPV6, IPV6_V6ONLY, un, sizeof(un)) === -1) {
    perror('setsockopt');
    exit(1);
  }
  memset(addr6, 0, sizeof(addr6));
  addr6.sin6_family = /* ..... la famille */ AF_INET6;
  addr6.sin6_addr = /* ..... l'adresse */ new in6_addr(); /* in6addr_any : :: */
  addr6.sin6_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[1]) & 0xffff);
  if (bind(/* ..... socket, adresse, longueur */ s6, addr6, sizeof(addr6)) === -1) {
    perror('bind');
    exit(1);
  }

  ecoute[0] = s4;
  ecoute[1] = s6;
  for (i = 0; i < 2; i++) {
    if (listen(/* ..... socket, file d'attente */ ecoute[i], SOMAXCONN)) {
      perror('listen');
      exit(1);
    }
  }

  FD_ZERO(clients);
  maxfd = s6 > s4 ? s6 : s4;
  puts('En attente de connexion...');

  while (true) {
    /* boucle du serveur */
    struct_assign(readfds, clients); /* readfds = clients; */
    FD_SET(s4, readfds);
    FD_SET(s6, readfds);
    if (select(/* ..... */ maxfd + 1, readfds, null, null, null) === -1) {
      perror('select');
      exit(1);
    }

    /* Sur laquelle des deux sockets un client se connecte-t-il ? */
    for (i = 0; i < 2; i++) {
      if (!FD_ISSET(ecoute[i], readfds)) continue;
      len_src_addr.value = sizeof(src_addr);
      if ((sock = accept(/* ..... */ ecoute[i], src_addr, len_src_addr)) === -1) {
        perror('accept');
        exit(1);
      }
      if (sock >= FD_SETSIZE) {
        fprintf(stderr, 'Trop de clients !\n');
        close(sock);
      } else {
        puts('Connexion acceptée !');
        FD_SET(sock, clients);
        if (sock > maxfd) maxfd = sock;
      }
      puts('En attente de connexion...');
    }

    /* Les clients dont une requête (ou la fin) est arrivée */
    for (fd = 0; fd <= maxfd; fd++) {
      if (fd === s4 || fd === s6 || !FD_ISSET(fd, readfds)) continue;
      if ((ret = servir_requete(fd)) > 0) continue;
      fin_de_connexion(fd, ret);
      FD_CLR(fd, clients);
    }

    while (maxfd > s4 && maxfd > s6 && !FD_ISSET(maxfd, clients)) maxfd--;
  } /* fin boucle principale du serveur */
}
