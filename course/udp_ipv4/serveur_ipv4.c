/*
 * serveur_ipv4.c - serveur UDP IPv4 (slides "L'API des sockets en C").
 *
 * usage : serveur_ipv4 port
 *
 * Attache une socket UDP à INADDR_ANY:port puis, indéfiniment : lit une
 * requête (recvfrom), la passe en majuscules (toupper) et la renvoie à son
 * émetteur (sendto). N'affiche rien tant que tout va bien.
 *
 * Corrections par rapport aux slides :
 *  - dans les slides l'accolade fermant `while(1)` est placée juste après le
 *    passage en majuscules : le sendto() se retrouve hors de la boucle (jamais
 *    exécuté). Ici l'émission de la réponse est dans la boucle.
 *  - les includes manquants (<netinet/in.h>, <arpa/inet.h>) sont ajoutés.
 */
#include <arpa/inet.h> /* pour htons, htonl */
#include <ctype.h>     /* pour toupper */
#include <errno.h>
#include <netdb.h>      /* pour gethostbyname */
#include <netinet/in.h> /* pour struct sockaddr_in, INADDR_ANY */
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>

#define DGRAM_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : serveur_ipv4 port\n");
  exit(1);
}

int main(int argc, char **argv) {
  struct sockaddr_in addr, src_addr;
  int s, ret;
  socklen_t len_src_addr;

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

  /* Création de la socket IPv4 */
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }

  /* Attachement de la socket */
  addr.sin_family = /* ..... la famille */ AF_INET;
  addr.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  addr.sin_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[1]));
  memset(addr.sin_zero, '\0', sizeof(addr.sin_zero));

  if (bind(/* ..... socket, adresse, longueur */ s, (struct sockaddr *)&addr, sizeof addr)) {
    perror("bind");
    exit(1);
  }

  while (1) {
    /* Attente et lecture d'une requête */
    len_src_addr = sizeof src_addr;
    if ((ret = recvfrom(/* ..... */ s, request, DGRAM_MAX - 1, 0, (struct sockaddr *)&src_addr,
                        &len_src_addr)) == -1) {
      perror("recvfrom");
      exit(1);
    }
    request[ret] = 0;

    /* traitement de la requête (passage en majuscules) */
    {
      int i = 0;

      while (request[i]) {
        request[i] = toupper(request[i]);
        ++i;
      }
    }

    /* Émission du datagramme réponse (dans la boucle : correction) */
    if (sendto(/* ..... */ s, request, strlen(request) + 1, 0, (struct sockaddr *)&src_addr,
               sizeof(src_addr)) == -1) {
      perror("sendto");
      exit(1);
    }
  }

  return 0;
}
