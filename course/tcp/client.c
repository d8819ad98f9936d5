/*
 * client.c - client TCP IPv4 ou IPv6 (slides, "TCP : client complet").
 *
 * usage : client hostname port
 *
 * getaddrinfo(AF_UNSPEC, SOCK_STREAM) puis connect(2). Pour chaque ligne lue
 * sur l'entrée standard : retire le '\n' final, envoie la ligne avec son '\0'
 * (send), attend la réponse (recv) et l'affiche (puts). À la fin de l'entrée
 * standard, ferme la connexion et termine (code 0). Si le serveur a fermé la
 * connexion, recv renvoie 0 : "Déconnexion du serveur !" (code 1).
 *
 * Corrections par rapport aux slides :
 *  - `msg[strlen(msg)-1]=0` retirait le dernier caractère même en l'absence
 *    de '\n' (dernière ligne sans fin de ligne, ligne tronquée par fgets) :
 *    on ne retire que le '\n'.
 *  - `recv(s, response, LINE_MAX, 0)` puis puts(response) : la réponse
 *    n'était terminée par '\0' que si le serveur l'envoyait. On lit au plus
 *    LINE_MAX-1 octets et on termine le tampon.
 *  - `send(...) != strlen(msg)+1` compare un ssize_t signé à un size_t :
 *    le -1 d'erreur est converti ; on compare à (ssize_t)(strlen(msg)+1).
 */
#include <arpa/inet.h> /* pour inet_ntop */
#include <errno.h>
#include <netdb.h> /* pour getaddrinfo */
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* pour memset */
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h> /* pour read(2)/write(2)/close(2) */

#define LINE_MAX 1024 /* taille MAX en réception */

void usage(void) {
  fprintf(stderr, "usage : client hostname port\n");
  exit(1);
}

int main(int argc, char **argv) {
  int s, ret;

  struct addrinfo hints, *result;

  char msg[LINE_MAX];
  char response[LINE_MAX];

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
  hints.ai_family = /* ..... la famille */ AF_UNSPEC;            /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0;                                         /* Any protocol */
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

  /* Connexion au serveur */
  if (connect(/* ..... */ s, result->ai_addr, result->ai_addrlen)) {
    perror("connect");
    exit(1);
  }

  freeaddrinfo(result); /* result ne sert plus */

  while (fgets(msg, LINE_MAX, stdin) != NULL) {
    /* retire le '\n' final, s'il y en a un (correction) */
    {
      size_t len = strlen(msg);
      if (len > 0 && msg[len - 1] == '\n') msg[len - 1] = 0;
    }

    /* Émission (avec le '\0' final) */
    if (send(/* ..... */ s, msg, strlen(msg) + 1, 0) != (ssize_t)(strlen(msg) + 1)) {
      perror("send");
      exit(1);
    }

    /* Attente et lecture de la réponse */
    ret = recv(/* ..... socket, tampon, taille, options */ s, response, LINE_MAX - 1, 0);

    if (ret == 0) {
      fprintf(stderr, "Déconnexion du serveur !\n");
      exit(1);
    } else if (ret == -1) {
      perror("recv");
      exit(1);
    }
    response[ret] = 0; /* correction : tampon terminé */

    /* Traitement de la réponse */
    puts(response);
  }

  if (close(s) == -1) {
    perror("close");
    exit(1);
  }

  return 0;
}
