/*
 * serveur_sleep.c - TP, exercice 1.3, questions 8 et 9 : le serveur TCP de
 * serveur.c qui dort ATTENTE secondes avant de fermer la socket de dialogue,
 * pour observer l'état des sockets avec `ss -tan` ou `netstat -atp`.
 *
 * usage: serveur_sleep id port
 *
 * Programme jumeau plutôt qu'option de serveur.c : la question 8 demande de
 * modifier le programme ; deux fichiers gardent serveur.c identique au TP
 * (mêmes arguments, mêmes appels système pour la comparaison strace avec son
 * portage TS) et `diff serveur.c serveur_sleep.c` montre exactement l'ajout.
 *
 * Même comportement et mêmes messages que serveur.c, plus, après les
 * échanges et avant close(2) (stdout) :
 *     serveur <id> dort <ATTENTE> s avant de fermer la socket
 * Pendant ce sommeil, après la fin du client (qui ferme en premier) :
 * socket du serveur en CLOSE_WAIT, celle du client en FIN_WAIT2, plus la
 * socket d'écoute en LISTEN ; après close : TIME_WAIT côté client.
 *
 * Corrections par rapport au TP : voir serveur.c.
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
#define ATTENTE 10 /* secondes de sommeil avant close (question 8) */

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
    /* question 8 : dormir avant la fermeture de la socket */
    printf("serveur %s dort %d s avant de fermer la socket\n", id, ATTENTE);
    sleep(ATTENTE);
    close(sock_pipe);
  }
  return 0;
}
