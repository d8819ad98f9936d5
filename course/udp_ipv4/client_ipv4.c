/*
 * client_ipv4.c - client UDP IPv4 (slides "L'API des sockets en C").
 *
 * usage : client_ipv4 hostname port
 *
 * Envoie "Hello" (avec son '\0' final) au serveur hostname:port, attend une
 * réponse avec recvfrom(2) et l'affiche avec puts(3).
 * Adresse du serveur : gethostbyname(3) (IPv4 seulement) + struct sockaddr_in.
 *
 * Sans serveur, recvfrom(2) attend indéfiniment : une socket UDP non
 * connectée ne reçoit pas l'erreur ICMP "port unreachable" (cf. udp(7)).
 *
 * Corrections par rapport aux slides :
 *  - `char msg[]{"Hello"};` est du C++ : écrit `char msg[]="Hello";`.
 *  - les includes manquants (<netinet/in.h>, <arpa/inet.h>) sont ajoutés.
 */
#include <arpa/inet.h> /* pour htons */
#include <errno.h>
#include <netdb.h>      /* pour gethostbyname */
#include <netinet/in.h> /* pour struct sockaddr_in */
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>

#define DGRAM_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : client_ipv4 hostname port\n");
  exit(1);
}

int main(int argc, char **argv) {
  struct sockaddr_in dst_addr, src_addr;
  struct hostent *hostent;
  int s, ret;
  socklen_t len_src_addr;

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

  /* Création de la socket IPv4 */
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }

  /* Récupération de l'adresse IPv4 du destinataire */
  if ((hostent = gethostbyname(/* ..... le nom */ argv[1])) == NULL) {
    herror("gethostbyname");
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = /* ..... la famille */ AF_INET;
  dst_addr.sin_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[2]));
  dst_addr.sin_addr = /* ..... | (struct in_addr){0} */ *((struct in_addr *)hostent->h_addr);
  memset(dst_addr.sin_zero, '\0', sizeof(dst_addr.sin_zero));

  /* Émission du datagramme (avec le '\0' final) */
  if (sendto(s, msg, strlen(msg) + 1, 0, (struct sockaddr *)&dst_addr, sizeof(dst_addr)) == -1) {
    perror("sendto");
    exit(1);
  }

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
