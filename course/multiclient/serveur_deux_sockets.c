/*
 * serveur_deux_sockets.c - serveur TCP majuscules pour plusieurs clients,
 * avec la "seconde solution" des slides pour IPv4 et IPv6 : deux sockets
 * d'écoute, une IPv4 et une IPv6 (IPV6_V6ONLY), surveillées avec select(2).
 *
 * usage : serveur_deux_sockets port
 *
 * "Gérer 2 sockets : une IPv4 et une IPv6. Cette solution complexifie un
 * peu le code car elle nécessite de surveiller (cf. select(2)) sur laquelle
 * des 2 sockets la communication est initiée." Sans IPV6_V6ONLY la socket
 * IPv6 prendrait aussi les clients IPv4 (adresses mappées ::ffff:a.b.c.d) et
 * le second bind sur le même port échouerait (EADDRINUSE).
 *
 * Le reste est serveur_select.c (voir ce fichier et service.h) : un client
 * IPv4 (127.0.0.1) arrive par la socket IPv4, un client IPv6 (::1) par la
 * socket IPv6, et chacun est servi de la même façon.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/select.h>

#include "service.h"

int main(int argc, char **argv) {
  int s4, s6, sock, fd, maxfd, ret, un = 1;
  int ecoute[2];
  fd_set clients, readfds;
  struct sockaddr_in addr4;
  struct sockaddr_in6 addr6;
  int i;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_deux_sockets");
  }

  /* La socket IPv4 : 0.0.0.0:port */
  if ((s4 = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_STREAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  memset(&addr4, 0, sizeof addr4);
  addr4.sin_family = /* ..... la famille */ AF_INET;
  addr4.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  addr4.sin_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[1]));
  if (bind(/* ..... */ s4, (struct sockaddr *)&addr4, sizeof addr4) == -1) {
    perror("bind");
    exit(1);
  }

  /* La socket IPv6 : [::]:port, sans les adresses IPv4 mappées */
  if ((s6 = socket(/* ..... domaine, type, protocole */ AF_INET6, SOCK_STREAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  if (setsockopt(/* ..... */ s6, IPPROTO_IPV6, IPV6_V6ONLY, &un, sizeof un) == -1) {
    perror("setsockopt");
    exit(1);
  }
  memset(&addr6, 0, sizeof addr6);
  addr6.sin6_family = /* ..... la famille */ AF_INET6;
  addr6.sin6_addr = /* ..... l'adresse | (struct in6_addr){0} */ in6addr_any;
  addr6.sin6_port = /* ..... le port, en ordre réseau */ htons(atoi(argv[1]));
  if (bind(/* ..... */ s6, (struct sockaddr *)&addr6, sizeof addr6) == -1) {
    perror("bind");
    exit(1);
  }

  ecoute[0] = s4;
  ecoute[1] = s6;
  for (i = 0; i < 2; i++) {
    if (listen(/* ..... socket, file d'attente */ ecoute[i], SOMAXCONN)) {
      perror("listen");
      exit(1);
    }
  }

  FD_ZERO(&clients);
  maxfd = s6 > s4 ? s6 : s4;
  puts("En attente de connexion...");

  while (1) { /* boucle du serveur */
    readfds = clients;
    FD_SET(s4, &readfds);
    FD_SET(s6, &readfds);
    if (select(/* ..... */ maxfd + 1, &readfds, NULL, NULL, NULL) == -1) {
      perror("select");
      exit(1);
    }

    /* Sur laquelle des deux sockets un client se connecte-t-il ? */
    for (i = 0; i < 2; i++) {
      if (!FD_ISSET(ecoute[i], &readfds)) continue;
      len_src_addr = sizeof src_addr;
      if ((sock = accept(ecoute[i], (struct sockaddr *)&src_addr, &len_src_addr)) == -1) {
        perror("accept");
        exit(1);
      }
      if (sock >= FD_SETSIZE) {
        fprintf(stderr, "Trop de clients !\n");
        close(sock);
      } else {
        puts("Connexion acceptée !");
        FD_SET(sock, &clients);
        if (sock > maxfd) maxfd = sock;
      }
      puts("En attente de connexion...");
    }

    /* Les clients dont une requête (ou la fin) est arrivée */
    for (fd = 0; fd <= maxfd; fd++) {
      if (fd == s4 || fd == s6 || !FD_ISSET(fd, &readfds)) continue;
      if ((ret = servir_requete(fd)) > 0) continue;
      fin_de_connexion(fd, ret);
      FD_CLR(fd, &clients);
    }

    while (maxfd > s4 && maxfd > s6 && !FD_ISSET(maxfd, &clients)) maxfd--;
  } /* fin boucle principale du serveur */

  return 0;
}
