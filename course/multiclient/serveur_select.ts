/*
 * serveur_select.ts - portage TypeScript de serveur_select.c (plusieurs
 * clients à la fois avec select).
 *
 * usage : node dist/course/multiclient/serveur_select.js port
 *
 * Même programme que serveur_select.c, ligne à ligne (voir ce fichier et
 * service.h) ; strace y montre les mêmes appels, dans le même ordre. Ce que
 * TypeScript change : `readfds = clients` (copie de la structure fd_set)
 * s'écrit struct_assign(readfds, clients).
 */
import { FD_CLR, FD_ISSET, FD_SET, FD_SETSIZE, FD_ZERO, accept, close } from 'bsd-sockets/c';
import { fd_set, perror, select, sizeof } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, puts, setvbuf, stderr } from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';
import { sockaddr_storage, struct_assign } from 'bsd-sockets/c';

export function main(argc: number, argv: string[]): number {
  let s: number, sock: number, fd: number, maxfd: number, ret: number;
  const clients = new fd_set() /* les sockets des clients */,
    readfds = new fd_set(); /* celles à surveiller */

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_select');
  }

  s = ouvrir_serveur(argv[1], 0);

  FD_ZERO(clients);
  maxfd = s;
  puts('En attente de connexion...');

  while (true) {
    /* boucle du serveur */
    struct_assign(readfds, clients); /* readfds = clients; */
    FD_SET(s, readfds);
    if (select(/* ..... */ maxfd + 1, readfds, null, null, null) === -1) {
      perror('select');
      exit(1);
    }

    /* Un client se connecte */
    if (FD_ISSET(s, readfds)) {
      len_src_addr.value = sizeof(src_addr);
      if ((sock = accept(/* ..... */ s, src_addr, len_src_addr)) === -1) {
        perror('accept');
        exit(1);
      }
      if (sock >= FD_SETSIZE) {
        /* FD_SET ne peut pas le noter */
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
      if (fd === s || !FD_ISSET(fd, readfds)) continue;
      if ((ret = servir_requete(fd)) > 0) continue;
      fin_de_connexion(fd, ret);
      FD_CLR(fd, clients);
    }

    /* nfds = le plus grand descripteur surveillé + 1 */
    while (maxfd > s && !FD_ISSET(maxfd, clients)) maxfd--;
  } /* fin boucle principale du serveur */
}
