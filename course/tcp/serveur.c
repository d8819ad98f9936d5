/*
 * serveur.c - serveur TCP double pile IPv6/IPv4 (slides, "TCP : serveur
 * complet").
 *
 * usage : serveur port
 *
 * getaddrinfo(NULL, port) avec AF_INET6, SOCK_STREAM et AI_PASSIVE ;
 * socket, bind, listen(5). Indéfiniment (un client à la fois) :
 *   "En attente de connexion..."  (stdout) puis accept(2),
 *   "Connexion acceptée !"        (stdout),
 *   chaque message reçu (recv) est renvoyé en majuscules (send) avec son '\0',
 *   quand le client ferme : close(2) et "Fin de connexion !" (stderr).
 *
 * Corrections par rapport aux slides :
 *  - `recv(sock, request, REQUEST_MAX, 0)` puis `request[ret]=0` écrivait
 *    un octet après le tampon si REQUEST_MAX octets arrivaient : on lit au
 *    plus REQUEST_MAX-1 octets.
 *  - `send(...) != strlen(request)+1` compare un ssize_t à un size_t : on
 *    compare à (ssize_t)(strlen(request)+1).
 */
#include <arpa/inet.h> /* pour inet_ntop */
#include <ctype.h>     /* pour toupper */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour read(2)/write(2)/close(2) */

#define REQUEST_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : serveur port\n");
  exit(1);
}

int main(int argc, char **argv) {
  int s, sock, ret;

  struct addrinfo hints, *result;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  char request[REQUEST_MAX];

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un serveur tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage();
  }

  memset(&hints, 0, sizeof(struct addrinfo));
  hints.ai_flags = /* ..... les options */ AI_PASSIVE;           /* Equiv INADDR_ANY */
  hints.ai_family = /* ..... la famille */ AF_INET6;             /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0;                                         /* Any protocol */
  hints.ai_canonname = NULL;
  hints.ai_addr = NULL;
  hints.ai_next = NULL;

  ret = getaddrinfo(/* ..... | NULL, "", NULL, &result */ NULL, argv[1], &hints, &result);
  if (ret != 0) {
    fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(ret));
    exit(EXIT_FAILURE);
  }

  /* Création de la socket IPv4/IPv6 */
  if ((s = socket(/* ..... */ result->ai_family, result->ai_socktype, result->ai_protocol)) == -1) {
    perror("socket");
    exit(1);
  }

  /* Attachement de la socket */
  if (bind(/* ..... socket, adresse, longueur */ s, result->ai_addr, result->ai_addrlen) == -1) {
    perror("bind");
    exit(1);
  }

  freeaddrinfo(result);

  /* définition de la taille de la file d'attente */
  if (listen(/* ..... socket, file d'attente */ s, 5)) {
    perror("listen");
    exit(1);
  }

  while (1) { /* boucle du serveur */

    /* Attente d'une connexion */
    puts("En attente de connexion...");

    len_src_addr = sizeof src_addr;
    if ((sock = accept(/* ..... */ s, (struct sockaddr *)&src_addr, &len_src_addr)) == -1) {
      perror("accept");
      exit(1);
    }

    puts("Connexion acceptée !");

    /* boucle de traitement du client */
    while ((ret = recv(/* ..... */ sock, request, REQUEST_MAX - 1, 0)) > 0) {
      request[ret] = 0;

      /* traitement de la requête (passage en majuscules) */
      {
        int i = 0;

        while (request[i]) {
          request[i] = toupper(request[i]);
          ++i;
        }
      }

      /* Émission de la réponse (avec le '\0' final) */
      if (send(sock, request, strlen(request) + 1, 0) != (ssize_t)(strlen(request) + 1)) {
        perror("send");
        exit(1);
      }
    } /* fin de la boucle de traitement du client */

    if (close(sock) == -1) {
      perror("close");
      exit(1);
    }

    fprintf(stderr, "Fin de connexion !\n");
    if (ret == -1) {
      perror("recv");
    }

  } /* fin boucle principale du serveur */

  return 0;
}
