/*
 * serveur.c - TP, exercice 1.3 : serveur TCP.
 *
 * usage: serveur id port
 *
 * Socket TCP attachée à INADDR_ANY:port, listen(5). Indéfiniment, un client
 * à la fois : accept(2), puis au plus NBECHANGE échanges ; pour chacun, lit
 * un message (read), affiche
 *     serveur <id> reçu de (<a.b.c.d>,<port sur 4>) : <msg>
 * répond (write, avec le '\0' final)
 *     #<id sur 2>=<NNN>#        (NNN = 000, 001, ... pour tout le serveur)
 * et dort 2 secondes (sleep(2)) ; enfin close(2) de la socket de dialogue.
 * Si le client part (read renvoie 0 ou -1) :
 *     <argv0>: read=<ret>: <strerror(errno)>     (stdout, comme le TP)
 * et on ferme la connexion. Erreurs de socket/bind/listen/accept :
 * "<argv0>: <appel> <strerror>" sur stderr, code 1.
 *
 * La question 8 (sleep() avant la fermeture) est le programme jumeau
 * serveur_sleep.c, pour que celui-ci reste le programme du TP tel quel.
 *
 * Corrections par rapport au TP (programme à trous) :
 *  - `sprintf(buf_write,"%#2s=%03d#",...)` : le drapeau '#' n'est pas défini
 *    pour %s (comportement indéfini, avertissement -Wformat) ; c'est le
 *    format du client, "#%2s=%03d", plus un '#' final : "#%2s=%03d#".
 *  - buf_read non terminé par '\0' avant d'être affiché avec %s : on lit au
 *    plus sizeof(buf_read)-1 octets et on le termine.
 *  - `int len` passé par adresse à accept qui attend un socklen_t * :
 *    socklen_t ; le résultat de accept n'était pas testé.
 *  - snprintf au lieu de sprintf (id de longueur quelconque).
 *  - includes manquants : <stdlib.h>, <unistd.h> (read, write, sleep, close),
 *    <arpa/inet.h> ; la structure serveur est mise à zéro.
 */
#include <arpa/inet.h> /* pour htons, htonl, ntohs, inet_ntoa */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h> /* pour exit, atoi */
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour read, write, sleep, close */

#define NBECHANGE 3

char *id = 0;
short port = 0;
int sock = 0; /* socket de communication */
int nb_reponse = 0;

int main(int argc, char **argv) {
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
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_STREAM, 0)) == -1) {
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
  if (listen(/* ..... socket, file d'attente */ sock, 5) != 0) {
    fprintf(stderr, "%s: listen %s\n", argv[0], strerror(errno));
    exit(1);
  }
  while (1) {
    struct sockaddr_in client; /* SAP du client */
    socklen_t len = sizeof(client);
    int sock_pipe; /* socket de dialogue */
    int ret, nb_question;

    sock_pipe = accept(/* ..... */ sock, (struct sockaddr *)&client, &len);
    if (sock_pipe == -1) { /* correction : accept non testé */
      fprintf(stderr, "%s: accept %s\n", argv[0], strerror(errno));
      exit(1);
    }
    for (nb_question = 0; nb_question < NBECHANGE; nb_question++) {
      char buf_read[1 << 8], buf_write[1 << 8];

      ret = read(/* ..... socket, tampon, taille */ sock_pipe, buf_read, sizeof(buf_read) - 1);
      if (ret <= 0) {
        printf("%s: read=%d: %s\n", argv[0], ret, strerror(errno));
        break;
      }
      buf_read[ret] = '\0'; /* correction : tampon terminé */
      printf("serveur %s reçu de (%s,%4d) : %s\n", id, /* ..... */ inet_ntoa(client.sin_addr),
             /* ..... */ ntohs(client.sin_port), buf_read);
      snprintf(buf_write, sizeof(buf_write), "#%2s=%03d#", id, nb_reponse++);
      ret = write(/* ..... */ sock_pipe, buf_write, strlen(buf_write) + 1);
      if (ret <= 0) {
        printf("%s: write=%d: %s\n", argv[0], ret, strerror(errno));
        break;
      }
      sleep(2);
    }
    close(sock_pipe);
  }
  return 0;
}
