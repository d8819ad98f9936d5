/*
 * clientt.c - TP, exercice 1.3 : client TCP.
 *
 * usage: clientt id serveur port
 *
 * serveur est une adresse IPv4 en notation pointée (inet_aton). connect(2)
 * puis getsockname(2) pour connaître sa propre extrémité (adresse et port
 * choisis par le système). NBECHANGE échanges ; pour chacun, la question
 * "#<id sur 2>=<NNN>" (NNN = 000, 001, 002) est écrite avec son '\0'
 * (write), puis la réponse est lue (read) :
 *     client <id>: (<moi>,<port>) envoie a  (<serveur>,<port>) : <question>
 *     client <id>: (<moi>,<port>) recoit de (<serveur>,<port>) : <réponse>
 * (ports sur 4 caractères ; "envoie a  (" avec deux espaces, comme le TP).
 * Puis close(2), code 0.
 * Erreurs : socket/connect -> "<argv0>: socket|connect <strerror>" sur
 * stderr, code 1 ; write/read -> message du TP sur stdout, code 1.
 *
 * Corrections par rapport au TP (programme à trous) :
 *  - `if (ret <= strlen(buf_write))` : test faux du résultat de write. ret
 *    (int) est converti en size_t, donc -1 n'était jamais vu comme une
 *    erreur, et une écriture complète sans le '\0' passait pour une erreur.
 *    On teste ret != (ssize_t)(strlen(buf_write)+1), ce qu'on a écrit.
 *  - après une erreur de write/read, le TP fait `continue` : sur une
 *    connexion rompue, le write suivant tue le client par SIGPIPE, sans
 *    message. On affiche le message du TP puis on termine avec le code 1.
 *  - inet_aton non testé : "<argv0>: adresse invalide <serveur>", code 1.
 *  - buf_read non terminé par '\0' : on lit au plus sizeof-1 octets et on le
 *    termine.
 *  - `int len` passé par adresse à getsockname : socklen_t.
 *  - snprintf au lieu de sprintf (id de longueur quelconque).
 *  - includes manquants : <stdlib.h>, <unistd.h>, <arpa/inet.h> ;
 *    structures mises à zéro.
 */
#include <arpa/inet.h> /* pour htons, ntohs, inet_aton, inet_ntoa */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h> /* pour exit, atoi */
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour read, write, close */

#define NBECHANGE 3

char *id = 0;
short sport = 0;
int sock = 0; /* socket de communication */

int main(int argc, char **argv) {
  struct sockaddr_in moi;     /* SAP du client */
  struct sockaddr_in serveur; /* SAP du serveur */
  int nb_question = 0;
  int ret;
  socklen_t len;

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc != 4) {
    fprintf(stderr, "usage: %s id serveur port\n", argv[0]);
    exit(1);
  }
  id = argv[1];
  sport = atoi(argv[3]);
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_STREAM, 0)) == -1) {
    fprintf(stderr, "%s: socket %s\n", argv[0], strerror(errno));
    exit(1);
  }
  memset(&serveur, 0, sizeof(serveur));
  serveur.sin_family = /* ..... la famille */ AF_INET;
  serveur.sin_port = /* ..... le port, en ordre réseau */ htons(sport);
  if (inet_aton(/* ..... */ argv[2], &serveur.sin_addr) == 0) { /* correction */
    fprintf(stderr, "%s: adresse invalide %s\n", argv[0], argv[2]);
    exit(1);
  }
  if (connect(/* ..... */ sock, (struct sockaddr *)&serveur, sizeof(serveur)) < 0) {
    fprintf(stderr, "%s: connect %s\n", argv[0], strerror(errno));
    exit(1);
  }
  memset(&moi, 0, sizeof(moi));
  len = sizeof(moi);
  getsockname(/* ..... socket, adresse, longueur */ sock, (struct sockaddr *)&moi, &len);
  for (nb_question = 0; nb_question < NBECHANGE; nb_question++) {
    char buf_read[1 << 8], buf_write[1 << 8];

    snprintf(buf_write, sizeof(buf_write), "#%2s=%03d", id, nb_question);
    /* deux printf : inet_ntoa renvoie un tampon statique */
    printf("client %2s: (%s,%4d) envoie a ", id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    printf(" (%s,%4d) : %s\n", inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_write);
    ret = write(/* ..... socket, message, longueur */ sock, buf_write, strlen(buf_write) + 1);
    if (ret != (ssize_t)(strlen(buf_write) + 1)) { /* correction */
      printf("%s: erreur dans write (num=%d, mess=%s)\n", argv[0], ret, strerror(errno));
      exit(1); /* correction : `continue` dans le TP */
    }
    printf("client %2s: (%s,%4d) recoit de ", id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    ret = read(/* ..... socket, tampon, taille */ sock, buf_read, sizeof(buf_read) - 1);
    if (ret <= 0) {
      printf("%s: erreur dans read (num=%d, mess=%s)\n", argv[0], ret, strerror(errno));
      exit(1); /* correction : `continue` dans le TP */
    }
    buf_read[ret] = '\0'; /* correction : tampon terminé */
    printf("(%s,%4d) : %s\n", inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_read);
  }
  close(sock);
  return 0;
}
