/*
 * serveuru.c - TP, exercice 1.2 : serveur UDP.
 *
 * usage: serveuru id port
 *
 * Socket UDP attachée à INADDR_ANY:port. Indéfiniment : reçoit un message
 * (recvfrom), affiche
 *     serveur <id> a reçu le message <msg> de <a.b.c.d>:<port>
 * puis répond à l'émetteur (sendto, avec le '\0' final)
 *     serveur#<id sur 2> reponse<NNN>#     (NNN = 000, 001, ... pour tout
 *                                          le serveur, pas par client)
 * et dort 2 secondes (sleep(2)) avant le message suivant.
 * Erreurs de socket/bind : "<argv0>: socket|bind <strerror>" sur stderr,
 * code 1 ; erreurs de recvfrom/sendto : message sur stdout (comme le TP) et
 * on passe au message suivant.
 *
 * Corrections par rapport au TP (programme à trous) :
 *  - `if (bind(...)) < 0)` : parenthèse en trop, corrigée.
 *  - `int client_len` passé à recvfrom qui attend un socklen_t * : socklen_t.
 *  - buf_read n'était pas terminé par '\0' avant d'être affiché avec %s :
 *    on reçoit au plus sizeof(buf_read)-1 octets et on le termine.
 *  - sprintf dans buf_write (256 octets) avec un id de longueur quelconque :
 *    snprintf(buf_write, sizeof(buf_write), ...).
 *  - includes manquants : <stdlib.h>, <unistd.h> (sleep), <arpa/inet.h>.
 *  - la structure serveur est mise à zéro (sin_zero, cf. slides).
 */
#include <arpa/inet.h> /* pour htons, htonl, ntohs, inet_ntoa */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h> /* pour exit, atoi */
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour sleep */

char *id = 0;
short port = 0;
int sock = 0; /* socket de communication */
int nb_reponse = 0;

int main(int argc, char **argv) {
  int ret;
  struct sockaddr_in serveur; /* SAP du serveur */

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un serveur tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc != 3) {
    fprintf(stderr, "usage: %s id port\n", argv[0]);
    exit(1);
  }
  id = argv[1];
  port = atoi(argv[2]);
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) == -1) {
    fprintf(stderr, "%s: socket %s\n", argv[0], strerror(errno));
    exit(1);
  }
  memset(&serveur, 0, sizeof(serveur));
  serveur.sin_family = /* ..... la famille */ AF_INET;
  serveur.sin_port = /* ..... le port, en ordre réseau */ htons(port);
  serveur.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  if (bind(/* ..... */ sock, (struct sockaddr *)&serveur, sizeof(serveur)) < 0) {
    fprintf(stderr, "%s: bind %s\n", argv[0], strerror(errno));
    exit(1);
  }
  while (1) {
    struct sockaddr_in client; /* SAP du client */
    socklen_t client_len = sizeof(client);
    char buf_read[1 << 8], buf_write[1 << 8];

    ret =
        recvfrom(sock, buf_read, sizeof(buf_read) - 1, 0, (struct sockaddr *)&client, &client_len);
    if (ret <= 0) {
      printf("%s: recvfrom=%d: %s\n", argv[0], ret, strerror(errno));
      continue;
    }
    buf_read[ret] = '\0'; /* correction : tampon terminé */
    printf("serveur %s a reçu le message %s de %s:%d\n", id, buf_read, inet_ntoa(client.sin_addr),
           /* ..... */ ntohs(client.sin_port));
    snprintf(buf_write, sizeof(buf_write), "serveur#%2s reponse%03d#", id, nb_reponse++);
    ret = sendto(sock, buf_write, strlen(buf_write) + 1, 0, (struct sockaddr *)&client, client_len);
    if (ret <= 0) {
      printf("%s: sendto=%d: %s\n", argv[0], ret, strerror(errno));
      continue;
    }
    sleep(2);
  }
  return 0;
}
