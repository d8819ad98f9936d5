/*
 * serveur_threads.c - serveur TCP majuscules pour plusieurs clients, un
 * thread par client (pthread_create).
 *
 * usage : serveur_threads port
 *
 * Le thread principal fait la boucle de tcp/serveur.c jusqu'à accept ; le
 * service du client (la boucle recv/send, voir service.h) se fait dans un
 * nouveau thread, détaché (personne n'attend sa fin avec pthread_join), qui
 * bloque dans recv sans gêner les autres. Le descripteur est passé au
 * thread dans son argument void * ; les threads partagent la table des
 * descripteurs du processus.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "service.h"

/* Le thread d'un client : la boucle de traitement de tcp/serveur.c. */
static void *client(void *arg) {
  int sock = (int)(intptr_t)arg;
  int ret;

  while ((ret = servir_requete(sock)) > 0) {
  }
  fin_de_connexion(sock, ret);
  return NULL;
}

int main(int argc, char **argv) {
  int s, sock, err;
  pthread_t thread;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_threads");
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

    /* pthread_create renvoie le code d'erreur au lieu de -1 et errno */
    if ((err = pthread_create(&thread, NULL, client, (void *)(intptr_t)sock)) != 0) {
      fprintf(stderr, "pthread_create: %s\n", strerror(err));
      exit(1);
    }
    pthread_detach(thread);
  } /* fin boucle principale du serveur */

  return 0;
}
