/*
 * service.h - ce que les six serveurs multi-clients ont en commun, tiré de
 * tcp/serveur.c : la socket d'écoute et le service d'une requête. Chaque
 * serveur n'y ajoute que sa façon d'attendre plusieurs clients à la fois.
 *
 * Par rapport à tcp/serveur.c (un client à la fois) :
 *  - listen(s, SOMAXCONN) au lieu de 5 : des dizaines de clients peuvent
 *    se connecter en même temps ; au-delà de la file, le noyau ignore leurs
 *    SYN et ils réessaient une seconde plus tard.
 *  - un send qui échoue termine ce client (perror("send"), close,
 *    "Fin de connexion !") au lieu d'arrêter le serveur et tous les autres ;
 *    SIGPIPE est ignoré (signal(SIGPIPE, SIG_IGN) dans main) pour que ce
 *    send échoue avec EPIPE au lieu de tuer le serveur, ce que Node fait
 *    de lui-même pour les portages TypeScript.
 */
#ifndef SERVICE_H
#define SERVICE_H

#include <ctype.h> /* pour toupper */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour close(2) */

#define REQUEST_MAX 1024 /* taille MAX en réception */

static inline void usage(const char *programme) {
  fprintf(stderr, "usage : %s port\n", programme);
  exit(1);
}

/* La socket d'écoute de tcp/serveur.c : getaddrinfo(NULL, port) en
 * AF_INET6 (double pile), AI_PASSIVE, SOCK_STREAM ; socket, bind, listen.
 * `drapeaux` s'ajoute au type de la socket (SOCK_NONBLOCK pour le
 * serveur 6, 0 pour les autres). */
static inline int ouvrir_serveur(const char *port, int drapeaux) {
  struct addrinfo hints, *result;
  int s, ret;

  memset(&hints, 0, sizeof(struct addrinfo));
  hints.ai_flags = AI_PASSIVE;     /* Equiv INADDR_ANY */
  hints.ai_family = AF_INET6;      /* Allow IPv4 or IPv6 */
  hints.ai_socktype = SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0;           /* Any protocol */

  ret = getaddrinfo(NULL, port, &hints, &result);
  if (ret != 0) {
    fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(ret));
    exit(EXIT_FAILURE);
  }

  if ((s = socket(result->ai_family, result->ai_socktype | drapeaux, result->ai_protocol)) == -1) {
    perror("socket");
    exit(1);
  }

  if (bind(s, result->ai_addr, result->ai_addrlen) == -1) {
    perror("bind");
    exit(1);
  }

  freeaddrinfo(result);

  if (listen(s, SOMAXCONN)) {
    perror("listen");
    exit(1);
  }
  return s;
}

/* Met en majuscules la requête reçue (n octets dans request) et renvoie la
 * longueur de la réponse, '\0' final compris. */
static inline size_t majuscules(char *request, int n) {
  int i = 0;

  request[n] = 0;
  while (request[i]) {
    request[i] = toupper(request[i]);
    ++i;
  }
  return strlen(request) + 1;
}

/* Un tour de la boucle de traitement du client de tcp/serveur.c : recv,
 * majuscules, send. Renvoie ce que recv a renvoyé (> 0 : le client reste,
 * 0 : il a fermé, -1 : erreur de recv, errno), ou -2 si le send a échoué
 * (perror("send") est déjà affiché). */
static inline int servir_requete(int sock) {
  char request[REQUEST_MAX];
  int ret;
  size_t len;

  if ((ret = recv(sock, request, REQUEST_MAX - 1, 0)) <= 0) return ret;
  len = majuscules(request, ret);

  /* Émission de la réponse (avec le '\0' final) */
  if (send(sock, request, len, 0) != (ssize_t)len) {
    perror("send");
    return -2;
  }
  return ret;
}

/* La fin d'un client, comme dans tcp/serveur.c : close, "Fin de connexion !"
 * et, si recv a échoué (ret == -1), perror("recv"). */
static inline void fin_de_connexion(int sock, int ret) {
  if (close(sock) == -1) {
    perror("close");
    exit(1);
  }

  fprintf(stderr, "Fin de connexion !\n");
  if (ret == -1) {
    perror("recv");
  }
}

#endif /* SERVICE_H */
