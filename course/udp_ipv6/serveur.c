/*
 * serveur.c - serveur UDP double pile IPv6/IPv4 (slides, "getaddrinfo(3)").
 *
 * usage : serveur port
 *
 * getaddrinfo(NULL, port) avec AF_INET6, SOCK_DGRAM et AI_PASSIVE donne
 * l'adresse joker [::]:port ; la socket IPv6 reçoit aussi les clients IPv4
 * (adresses IPv4 mappées ::ffff:a.b.c.d, si net.ipv6.bindv6only vaut 0).
 * Indéfiniment : lit une requête dans une struct sockaddr_storage, l'affiche
 * (puts), la passe en majuscules et la renvoie à son émetteur.
 *
 * Corrections par rapport aux slides :
 *  - comme pour serveur_ipv4, l'accolade fermant `while(1)` précède le
 *    sendto() dans les slides : la réponse n'était jamais émise. Ici
 *    l'émission est dans la boucle.
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

#define DGRAM_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : serveur port\n");
  exit(1);
}

int main(int argc, char **argv) {
  int s, ret;
  socklen_t len_src_addr;

  struct addrinfo hints, *result;

  struct sockaddr_storage src_addr;

  char request[DGRAM_MAX];

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
  hints.ai_flags = /* ..... les options */ AI_PASSIVE;          /* For wildcard IP address */
  hints.ai_family = /* ..... la famille */ AF_INET6;            /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_DGRAM; /* Datagram socket */
  hints.ai_protocol = 0;                                        /* Any protocol */
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

  while (1) {
    /* Attente et lecture d'une requête */
    len_src_addr = sizeof src_addr;
    if ((ret = recvfrom(/* ..... */ s, request, DGRAM_MAX - 1, 0, (struct sockaddr *)&src_addr,
                        &len_src_addr)) == -1) {
      perror("recvfrom");
      exit(1);
    }
    request[ret] = 0;

    puts(request);

    /* traitement de la requête (passage en majuscules) */
    {
      int i = 0;

      while (request[i]) {
        request[i] = toupper(request[i]);
        ++i;
      }
    }

    /* Émission du datagramme réponse (dans la boucle : correction), avec la
     * longueur de l'adresse reçue (len_src_addr) : celle de la struct de sa
     * famille (28 pour sockaddr_in6), comme le portage TS, plutôt que
     * sizeof(src_addr) (128) que le noyau accepte aussi. */
    if (sendto(s, request, strlen(request) + 1, 0, (struct sockaddr *)&src_addr, len_src_addr) ==
        -1) {
      perror("sendto");
      exit(1);
    }
  }

  return 0;
}
