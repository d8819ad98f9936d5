/*
 * serveur_poll.c - serveur TCP majuscules pour plusieurs clients à la
 * fois, avec poll(2).
 *
 * usage : serveur_poll port
 *
 * Le même serveur que serveur_select.c (voir ce fichier et service.h), où
 * poll remplace select : un tableau de struct pollfd { fd, events, revents }
 * au lieu de fd_set, donc pas de limite FD_SETSIZE ni de nfds à recalculer.
 * fds[0] est la socket d'écoute ; un client parti est remplacé par le
 * dernier du tableau.
 */
#include <poll.h>
#include <signal.h>

#include "service.h"

#define CLIENTS_MAX 4096

int main(int argc, char **argv) {
  int s, sock, ret;
  struct pollfd fds[1 + CLIENTS_MAX];
  nfds_t nfds, i;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_poll");
  }

  s = ouvrir_serveur(argv[1], 0);

  fds[0].fd = s;
  fds[0].events = POLLIN;
  nfds = 1;
  puts("En attente de connexion...");

  while (1) { /* boucle du serveur */
    if (poll(/* ..... tableau, nombre, délai | NULL, 0, -1 */ fds, nfds, -1) == -1) {
      perror("poll");
      exit(1);
    }

    /* Les clients dont une requête (ou la fin) est arrivée ; POLLHUP et
     * POLLERR aussi : recv dira 0 ou l'erreur sans bloquer. */
    for (i = nfds - 1; i >= 1; i--) {
      if (fds[i].revents == 0) continue;
      if ((ret = servir_requete(fds[i].fd)) > 0) continue;
      fin_de_connexion(fds[i].fd, ret);
      fds[i] = fds[--nfds];
    }

    /* Un client se connecte */
    if (fds[0].revents & POLLIN) {
      len_src_addr = sizeof src_addr;
      if ((sock = accept(/* ..... */ s, (struct sockaddr *)&src_addr, &len_src_addr)) == -1) {
        perror("accept");
        exit(1);
      }
      if (nfds == 1 + CLIENTS_MAX) {
        fprintf(stderr, "Trop de clients !\n");
        close(sock);
      } else {
        puts("Connexion acceptée !");
        fds[nfds].fd = sock;
        fds[nfds].events = POLLIN;
        fds[nfds].revents = 0;
        nfds++;
      }
      puts("En attente de connexion...");
    }
  } /* fin boucle principale du serveur */

  return 0;
}
