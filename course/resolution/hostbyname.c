/*
 * hostbyname.c - TP, exercice 1.1, question 1 : nom symbolique -> adresses.
 *
 * usage: hostbyname host
 *
 * gethostbyname(3) puis affichage du nom officiel, des alias et des adresses
 * IPv4 en notation pointée (inet_ntoa(3)) :
 *     Nom officiel : <h_name>
 *     Alias : <alias>          (une ligne par alias)
 *     Adresse : <a.b.c.d>      (une ligne par adresse)
 * Pour une adresse en notation pointée, aucune recherche n'a lieu :
 * h_name est une copie de l'argument.
 *
 * Corrections par rapport au TP :
 *  - le résultat NULL de gethostbyname (hôte inconnu) n'était pas testé
 *    (déréférencement de NULL) : herror("gethostbyname") et code 1.
 *  - includes manquants : <stdlib.h> (exit) et <arpa/inet.h> (inet_ntoa ;
 *    sans prototype, son char * était tronqué en int sur 64 bits).
 */
#include <arpa/inet.h>  /* pour inet_ntoa */
#include <netdb.h>      /* pour gethostbyname, herror */
#include <netinet/in.h> /* pour struct in_addr */
#include <stdio.h>
#include <stdlib.h> /* pour exit */

int main(int argc, char **argv) {
  struct hostent *host;
  int i;

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc != 2) {
    fprintf(stderr, "usage: %s host\n", argv[0]);
    exit(1);
  }
  host = gethostbyname(/* ..... le nom */ argv[1]);
  if (host == NULL) { /* correction : hôte inconnu */
    herror("gethostbyname");
    exit(1);
  }
  printf("Nom officiel : %s\n", host->h_name);
  for (i = 0; host->h_aliases[i] != NULL; i++) printf("Alias : %s\n", host->h_aliases[i]);
  for (i = 0; host->h_addr_list[i] != NULL; i++)
    printf("Adresse : %s\n", /* ..... */ inet_ntoa(*(struct in_addr *)host->h_addr_list[i]));
  return 0;
}
