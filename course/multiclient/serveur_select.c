/*
 * serveur_select.c - serveur TCP majuscules pour plusieurs clients à la
 * fois, avec select(2) (la question de fin du cours : "Proposez une piste
 * pour gérer plusieurs clients simultanément").
 *
 * usage : serveur_select port
 *
 * Pour chaque client, le même service que tcp/serveur.c (voir service.h) :
 * "Connexion acceptée !" (stdout), chaque message reçu renvoyé en
 * majuscules avec son '\0', "Fin de connexion !" (stderr) quand il ferme.
 * "En attente de connexion..." (stdout) au départ et après chaque connexion
 * acceptée.
 *
 * Un seul thread : select attend qu'une des sockets soit prête — la socket
 * d'écoute (un client se connecte : accept ne bloquera pas) ou celle d'un
 * client (une requête est arrivée, ou la fin : recv ne bloquera pas).
 * Limites : un fd_set ne contient que les descripteurs < FD_SETSIZE (1024),
 * et un client qui ne lit pas ses réponses finit par bloquer send, donc
 * tout le serveur (voir serveur_async.c).
 */
#include <signal.h>
#include <sys/select.h>

#include "service.h"

int main(int argc, char **argv) {
  int s, sock, fd, maxfd, ret;
  fd_set clients, readfds; /* les sockets des clients ; celles à surveiller */

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_select");
  }

  s = ouvrir_serveur(argv[1], 0);

  FD_ZERO(&clients);
  maxfd = s;
  puts("En attente de connexion...");

  while (1) { /* boucle du serveur */
    readfds = clients;
    FD_SET(s, &readfds);
    if (select(/* ..... */ maxfd + 1, &readfds, NULL, NULL, NULL) == -1) {
      perror("select");
      exit(1);
    }

    /* Un client se connecte */
    if (FD_ISSET(s, &readfds)) {
      len_src_addr = sizeof src_addr;
      if ((sock = accept(/* ..... */ s, (struct sockaddr *)&src_addr, &len_src_addr)) == -1) {
        perror("accept");
        exit(1);
      }
      if (sock >= FD_SETSIZE) { /* FD_SET ne peut pas le noter */
        fprintf(stderr, "Trop de clients !\n");
        close(sock);
      } else {
        puts("Connexion acceptée !");
        FD_SET(sock, &clients);
        if (sock > maxfd) maxfd = sock;
      }
      puts("En attente de connexion...");
    }

    /* Les clients dont une requête (ou la fin) est arrivée */
    for (fd = 0; fd <= maxfd; fd++) {
      if (fd == s || !FD_ISSET(fd, &readfds)) continue;
      if ((ret = servir_requete(fd)) > 0) continue;
      fin_de_connexion(fd, ret);
      FD_CLR(fd, &clients);
    }

    /* nfds = le plus grand descripteur surveillé + 1 */
    while (maxfd > s && !FD_ISSET(maxfd, &clients)) maxfd--;
  } /* fin boucle principale du serveur */

  return 0;
}
