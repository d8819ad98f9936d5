/*
 * serveur_poll.ts - portage TypeScript de serveur_poll.c (plusieurs
 * clients à la fois avec poll).
 *
 * usage : node dist/course/multiclient/serveur_poll.js port
 *
 * Même programme que serveur_poll.c, ligne à ligne (voir ce fichier) ;
 * strace y montre les mêmes appels, dans le même ordre. Ce que TypeScript
 * change : poll(fds, nfds, -1) s'écrit poll(fds.slice(0, nfds), -1) — le
 * nombre d'entrées est la longueur du tableau ; slice garde les mêmes
 * objets, où poll écrit revents.
 */
import { POLLIN, accept, close, perror, poll, sizeof } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, puts, setvbuf, stderr } from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';
import { pollfd, sockaddr_storage, struct_assign } from 'bsd-sockets/c';

const CLIENTS_MAX = 4096;

export function main(argc: number, argv: string[]): number {
  let s: number, sock: number, ret: number;
  const fds = Array.from({ length: 1 + CLIENTS_MAX }, () => new pollfd());
  let nfds: number, i: number;

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_poll');
  }

  s = ouvrir_serveur(argv[1], 0);

  fds[0].fd = s;
  fds[0].events = POLLIN;
  nfds = 1;
  puts('En attente de connexion...');

  while (true) {
    /* boucle du serveur */
    if (poll(/* ..... tableau, nombre, délai | [], 0, -1 */ fds, nfds, -1) === -1) {
      perror('poll');
      exit(1);
    }

    /* Les clients dont une requête (ou la fin) est arrivée ; POLLHUP et
     * POLLERR aussi : recv dira 0 ou l'erreur sans bloquer. */
    for (i = nfds - 1; i >= 1; i--) {
      if (fds[i].revents === 0) continue;
      if ((ret = servir_requete(fds[i].fd)) > 0) continue;
      fin_de_connexion(fds[i].fd, ret);
      struct_assign(fds[i], fds[--nfds]); /* fds[i] = fds[--nfds]; */
    }

    /* Un client se connecte */
    if (fds[0].revents & POLLIN) {
      len_src_addr.value = sizeof(src_addr);
      if ((sock = accept(/* ..... */ s, src_addr, len_src_addr)) === -1) {
        perror('accept');
        exit(1);
      }
      if (nfds === 1 + CLIENTS_MAX) {
        fprintf(stderr, 'Trop de clients !\n');
        close(sock);
      } else {
        puts('Connexion acceptée !');
        fds[nfds].fd = sock;
        fds[nfds].events = POLLIN;
        fds[nfds].revents = 0;
        nfds++;
      }
      puts('En attente de connexion...');
    }
  } /* fin boucle principale du serveur */
}
