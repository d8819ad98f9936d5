/*
 * broadcast.c - diffusion UDP IPv4 (slides, partie "Diffusion").
 *
 * usage : broadcast [-n] adresse port
 *     -n : ne pas activer SO_BROADCAST (pour observer l'erreur EACCES)
 *
 * Les slides ne donnent que l'étape setsockopt(SO_BROADCAST) ; ce programme
 * en fait un client complet dans le style de client_ipv4 : il envoie "Hello"
 * (avec son '\0' final) à l'adresse de diffusion adresse:port, puis affiche
 * chaque réponse avec son émetteur, jusqu'à ce qu'aucune réponse n'arrive
 * pendant DELAI secondes (SO_RCVTIMEO, cf. socket(7)).
 *
 * Sans SO_BROADCAST, le noyau refuse l'émission vers une adresse de
 * diffusion : sendto(2) échoue avec EACCES ("sendto: Permission denied").
 *
 * Exemples (boucle locale, lo = 127.0.0.1/8, diffusion 127.255.255.255) :
 *     serveur_ipv4 3000 &
 *     broadcast 127.255.255.255 3000
 *     broadcast -n 127.255.255.255 3000
 */
#include <arpa/inet.h> /* pour htons, inet_ntoa */
#include <errno.h>
#include <netdb.h>      /* pour gethostbyname */
#include <netinet/in.h> /* pour struct sockaddr_in */
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset, strcmp */
#include <sys/socket.h>
#include <sys/time.h> /* pour struct timeval */
#include <sys/types.h>

#define DGRAM_MAX 1024 /* taille MAX en réception */
#define DELAI 2        /* secondes d'attente sans réponse avant de finir */

void usage(void) {
  fprintf(stderr, "usage : broadcast [-n] adresse port\n");
  exit(1);
}

int main(int argc, char **argv) {
  struct sockaddr_in dst_addr, src_addr;
  struct hostent *hostent;
  int s, ret;
  socklen_t len_src_addr;
  int diffusion = 1; /* activer SO_BROADCAST ? (non avec -n) */
  int nb_reponses = 0;

  char response[DGRAM_MAX];

  char msg[] = "Hello";

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc > 1 && strcmp(argv[1], "-n") == 0) {
    diffusion = 0;
    argv++;
    argc--;
  }
  if (argc != 3) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage();
  }

  /* Création de la socket IPv4 */
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }

  /* Activer la possibilité de diffuser (broadcast) */
  if (diffusion) {
    int on = 1;
    if (setsockopt(/* ..... */ s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) == -1) {
      perror("setsockopt");
      exit(1);
    }
  }

  /* Attente des réponses limitée à DELAI secondes */
  {
    struct timeval delai;
    delai.tv_sec = DELAI;
    delai.tv_usec = 0;
    if (setsockopt(/* ..... */ s, SOL_SOCKET, SO_RCVTIMEO, &delai, sizeof(delai)) == -1) {
      perror("setsockopt");
      exit(1);
    }
  }

  /* Récupération de l'adresse IPv4 de diffusion */
  if ((hostent = gethostbyname(/* ..... le nom */ argv[1])) == NULL) {
    herror("gethostbyname");
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = /* ..... la famille */ AF_INET;
  dst_addr.sin_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[2]));
  dst_addr.sin_addr = /* ..... | (struct in_addr){0} */ *((struct in_addr *)hostent->h_addr);
  memset(dst_addr.sin_zero, '\0', sizeof(dst_addr.sin_zero));

  /* Émission du datagramme (EACCES si SO_BROADCAST n'est pas activée) */
  if (sendto(s, msg, strlen(msg) + 1, 0, (struct sockaddr *)&dst_addr, sizeof(dst_addr)) == -1) {
    perror("sendto");
    exit(1);
  }

  /* Lecture de toutes les réponses, jusqu'au délai sans réponse */
  while (1) {
    len_src_addr = sizeof(src_addr);
    if ((ret = recvfrom(/* ..... */ s, response, DGRAM_MAX - 1, 0, (struct sockaddr *)&src_addr,
                        &len_src_addr)) == -1) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break; /* délai écoulé : plus de réponse */
      perror("recvfrom");
      exit(1);
    }
    response[ret] = 0;

    printf("Réponse de %s:%d : %s\n", inet_ntoa(src_addr.sin_addr), ntohs(src_addr.sin_port),
           response);
    nb_reponses++;
  }

  printf("%d réponse(s) reçue(s)\n", nb_reponses);

  return 0;
}
