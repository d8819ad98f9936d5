/*
 * serveur_fork.c - serveur TCP majuscules pour plusieurs clients, un
 * processus par client (fork).
 *
 * usage : serveur_fork port
 *
 * Le père fait la boucle de tcp/serveur.c jusqu'à accept, puis fork :
 *  - le fils hérite des deux sockets ; il ferme la socket d'écoute, sert
 *    son client (la boucle recv/send, voir service.h) et se termine ;
 *  - le père ferme la socket du client (le fils a la sienne) et retourne
 *    attendre le suivant.
 * SIGCHLD ignoré : les fils terminés ne restent pas zombies (le père
 * n'appelle pas wait).
 */
#include <signal.h>

#include "service.h"

int main(int argc, char **argv) {
  int s, sock, ret;
  pid_t pid;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_fork");
  }

  s = ouvrir_serveur(argv[1], 0);

  while (1) { /* boucle du serveur */
    puts("En attente de connexion...");

    len_src_addr = sizeof src_addr;
    if ((sock = accept(/* ..... */ s, (struct sockaddr *)&src_addr, &len_src_addr)) == -1) {
      perror("accept");
      exit(1);
    }

    puts("Connexion acceptée !");

    if ((pid = fork()) == -1) {
      perror("fork");
      exit(1);
    }

    if (pid == 0) { /* le fils : son client, puis exit */
      close(s);
      while ((ret = servir_requete(sock)) > 0) {
      }
      fin_de_connexion(sock, ret);
      exit(0);
    }

    /* le père */
    if (close(sock) == -1) {
      perror("close");
      exit(1);
    }
  } /* fin boucle principale du serveur */

  return 0;
}
