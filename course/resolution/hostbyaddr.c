/*
 * hostbyaddr.c - TP, exercice 1.1, question 2 : adresse IP -> nom.
 *
 * usage: hostbyaddr addr
 *
 * inet_addr(3) convertit la notation pointée en adresse binaire, puis
 * gethostbyaddr(3) donne l'entrée de l'hôte ; même affichage que hostbyname :
 *     Nom officiel : <h_name>
 *     Alias : <alias>          (une ligne par alias)
 *     Adresse : <a.b.c.d>      (une ligne par adresse)
 * Une adresse absente de /etc/hosts est cherchée dans le DNS (requête PTR).
 *
 * Corrections par rapport au TP :
 *  - le résultat de inet_addr n'était pas testé : une adresse invalide donne
 *    INADDR_NONE (255.255.255.255) qui était alors cherchée dans le DNS.
 *    On la refuse ("adresse invalide"). Défaut connu de inet_addr :
 *    "255.255.255.255", valide, est refusée aussi (inet_aton n'a pas ce
 *    défaut, mais le TP utilise inet_addr).
 *  - le résultat NULL de gethostbyaddr (adresse inconnue) n'était pas testé
 *    (déréférencement de NULL) : herror("gethostbyaddr") et code 1.
 *  - includes manquants : <stdlib.h> (exit) et <arpa/inet.h> (inet_addr,
 *    inet_ntoa).
 */
#include <arpa/inet.h>  /* pour inet_addr, inet_ntoa */
#include <netdb.h>      /* pour gethostbyaddr, herror */
#include <netinet/in.h> /* pour struct in_addr, INADDR_NONE */
#include <stdio.h>
#include <stdlib.h>     /* pour exit */
#include <sys/socket.h> /* pour AF_INET */

int main(int argc, char **argv) {
  struct hostent *host;
  struct in_addr addr;
  int i;

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc != 2) {
    fprintf(stderr, "usage: %s addr\n", argv[0]);
    exit(1);
  }
  addr.s_addr = /* ..... l'adresse, en ordre réseau */ inet_addr(argv[1]);
  if (addr.s_addr == INADDR_NONE) { /* correction : adresse invalide */
    fprintf(stderr, "%s: adresse invalide %s\n", argv[0], argv[1]);
    exit(1);
  }
  host = gethostbyaddr(/* ..... adresse, longueur, famille */ (char *)&addr, sizeof(addr), AF_INET);
  if (host == NULL) { /* correction : adresse inconnue */
    herror("gethostbyaddr");
    exit(1);
  }
  printf("Nom officiel : %s\n", host->h_name);
  for (i = 0; host->h_aliases[i] != NULL; i++) printf("Alias : %s\n", host->h_aliases[i]);
  for (i = 0; host->h_addr_list[i] != NULL; i++)
    printf("Adresse : %s\n", /* ..... */ inet_ntoa(*(struct in_addr *)host->h_addr_list[i]));
  return 0;
}
