/*
 * client.c - client UDP IPv4 ou IPv6 (slides, partie "getaddrinfo(3)").
 *
 * usage : client hostname port
 *
 * Même échange que client_ipv4 ("Hello" avec son '\0', réponse affichée par
 * puts), mais l'adresse du serveur est obtenue par getaddrinfo(3) avec
 * AF_UNSPEC/SOCK_DGRAM : la socket est créée avec la famille de la première
 * adresse trouvée, et sendto(2) utilise ai_addr/ai_addrlen. La réponse est
 * reçue dans une struct sockaddr_storage.
 *
 * Sans serveur, recvfrom(2) attend indéfiniment (socket UDP non connectée).
 *
 * Correction par rapport aux slides : les commentaires "Cration"/"mission"
 * (accents perdus) ; le code des slides est par ailleurs correct.
 */
#include <arpa/inet.h> /* pour inet_ntop */
#include <errno.h>
#include <netdb.h> /* pour getaddrinfo */
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>

#define DGRAM_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : client hostname port\n");
  exit(1);
}

int main(int argc, char **argv) {
  struct sockaddr_storage src_addr;
  int s, ret;
  socklen_t len_src_addr;

  struct addrinfo hints, *result;

  char response[DGRAM_MAX];

  char msg[] = "Hello";

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc != 3) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage();
  }

  memset(&hints, 0, sizeof(struct addrinfo));
  hints.ai_flags = 0;
  hints.ai_family = /* ..... la famille */ AF_UNSPEC;           /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_DGRAM; /* Datagram socket */
  hints.ai_protocol = 0;                                        /* Any protocol */
  hints.ai_canonname = NULL;
  hints.ai_addr = NULL;
  hints.ai_next = NULL;

  ret = getaddrinfo(/* ..... */ argv[1], argv[2], &hints, &result);
  if (ret != 0) {
    fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(ret));
    exit(EXIT_FAILURE);
  }

  /* Création de la socket IPv4/IPv6 */
  if ((s = socket(/* ..... */ result->ai_family, result->ai_socktype, result->ai_protocol)) == -1) {
    perror("socket");
    exit(1);
  }

  /* Émission du datagramme (avec le '\0' final) */
  if (sendto(/* ..... */ s, msg, strlen(msg) + 1, 0, result->ai_addr, result->ai_addrlen) == -1) {
    perror("sendto");
    exit(1);
  }

  freeaddrinfo(result); /* result ne sert plus */

  /* Attente et lecture de la réponse */
  len_src_addr = sizeof(src_addr);
  if ((ret = recvfrom(/* ..... */ s, response, DGRAM_MAX - 1, 0, (struct sockaddr *)&src_addr,
                      &len_src_addr)) == -1) {
    perror("recvfrom");
    exit(1);
  }
  response[ret] = 0;

  /* Traitement de la réponse */
  puts(response);

  return 0;
}
