/*
 * clientu.c - TP, exercice 1.2 : client UDP.
 *
 * usage: clientu id host sport
 *
 * host est une adresse IPv4 en notation pointée (inet_aton), sport le port
 * du serveur. Pose 3 questions "#<id sur 2>=<NNN>" (NNN = 000, 001, 002),
 * chacune envoyée avec son '\0' (sendto) et suivie de la lecture de la
 * réponse (recvfrom). Pour chaque question :
 *     client <id>: (<moi>,<port>) envoie a (<serveur>,<port>): <question>
 *     client <id>: (<moi>,<port>) recoit de (<serveur>,<port>) : <réponse>
 * (ports sur 4 caractères). L'adresse du client vient de getsockname(2) :
 * avant le premier sendto la socket n'est pas attachée, d'où
 * (0.0.0.0,   0) sur la première ligne ; ensuite le port choisi par le
 * système apparaît (l'adresse reste 0.0.0.0 : socket non connectée).
 * Sans serveur, recvfrom attend indéfiniment (socket UDP non connectée).
 *
 * Corrections par rapport au TP (programme à trous) :
 *  - la ligne "envoie a" n'avait pas de '\n' : elle se collait à la ligne
 *    "recoit de" ; '\n' ajouté (comme dans clientt.c).
 *  - inet_aton non testé : une adresse invalide laissait sin_addr au hasard ;
 *    "<argv0>: adresse invalide <host>" et code 1.
 *  - `int len`, `int serveur_len` passés par adresse à getsockname/recvfrom
 *    qui attendent un socklen_t * : socklen_t.
 *  - buf_read non terminé par '\0' : on reçoit au plus sizeof-1 octets et on
 *    le termine.
 *  - buf_read/buf_write déclarés deux fois (dans main et dans la boucle) :
 *    seuls ceux de la boucle servent, ceux de main (inutilisés) sont retirés.
 *  - snprintf au lieu de sprintf (id de longueur quelconque).
 *  - includes manquants : <stdlib.h>, <arpa/inet.h> ; structures à zéro.
 */
#include <arpa/inet.h> /* pour htons, ntohs, inet_aton, inet_ntoa */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h> /* pour exit, atoi */
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

char *id = 0;
short sport = 0;
int sock = 0; /* socket de communication */

int main(int argc, char **argv) {
  struct sockaddr_in moi;     /* SAP du client */
  struct sockaddr_in serveur; /* SAP du serveur */
  int nb_question = 0;
  int ret;
  socklen_t len;
  socklen_t serveur_len = sizeof(serveur);

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc != 4) {
    fprintf(stderr, "usage: %s id host sport\n", argv[0]);
    exit(1);
  }
  id = argv[1];
  sport = atoi(argv[3]);
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) == -1) {
    fprintf(stderr, "%s: socket %s\n", argv[0], strerror(errno));
    exit(1);
  }
  memset(&moi, 0, sizeof(moi));
  len = sizeof(moi);
  getsockname(/* ..... socket, adresse, longueur */ sock, (struct sockaddr *)&moi, &len);
  memset(&serveur, 0, sizeof(serveur));
  serveur.sin_family = /* ..... la famille */ AF_INET;
  serveur.sin_port = /* ..... le port, en ordre réseau */ htons(sport);
  if (inet_aton(/* ..... */ argv[2], &serveur.sin_addr) == 0) { /* correction */
    fprintf(stderr, "%s: adresse invalide %s\n", argv[0], argv[2]);
    exit(1);
  }
  while (nb_question < 3) {
    char buf_read[1 << 8], buf_write[1 << 8];

    snprintf(buf_write, sizeof(buf_write), "#%2s=%03d", id, nb_question++);
    /* deux printf : inet_ntoa renvoie un tampon statique */
    printf("client %2s: (%s,%4d) envoie a ", id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    printf("(%s,%4d): %s\n", inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_write);
    ret =
        sendto(sock, buf_write, strlen(buf_write) + 1, 0, (struct sockaddr *)&serveur, serveur_len);
    if (ret <= 0) {
      printf("%s: erreur dans sendto (num=%d, mess=%s)\n", argv[0], ret, strerror(errno));
      continue;
    }
    len = sizeof(moi);
    getsockname(/* ..... socket, adresse, longueur */ sock, (struct sockaddr *)&moi, &len);
    printf("client %2s: (%s,%4d) recoit de ", id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    ret = recvfrom(/* ..... */ sock, buf_read, sizeof(buf_read) - 1, 0, (struct sockaddr *)&serveur,
                   &serveur_len);
    if (ret <= 0) {
      printf("%s: erreur dans recvfrom (num=%d, mess=%s)\n", argv[0], ret, strerror(errno));
      continue;
    }
    buf_read[ret] = '\0'; /* correction : tampon terminé */
    printf("(%s,%4d) : %s\n", inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_read);
  }
  return 0;
}
