/*
 * serveur_async.c - serveur TCP majuscules pour plusieurs clients, sockets
 * non bloquantes et une boucle poll(2) : le jumeau C de serveur_async.ts,
 * le serveur TypeScript écrit avec async/await et bsd-sockets/promises.
 *
 * usage : serveur_async port
 *
 * Ce que fait serveur_async.ts, écrit à la main :
 *  - les sockets sont non bloquantes (SOCK_NONBLOCK pour la socket d'écoute,
 *    accept4(..., SOCK_NONBLOCK) pour celles des clients, les mêmes appels
 *    que le TypeScript) : aucun appel ne peut bloquer le thread, qui sert
 *    tous les clients ;
 *  - chaque `await recv(...)`, `await send(...)`, `await accept4(...)` du
 *    TypeScript est ici un état : on attend que la socket soit prête à lire
 *    (POLLIN) ou à écrire (POLLOUT), puis on fait l'appel — le même, avec
 *    les mêmes arguments. Un client a donc toujours une seule opération en
 *    cours : lire sa requête, ou envoyer sa réponse ;
 *  - la boucle poll est celle que la boucle d'événements de Node fait pour
 *    le TypeScript (avec epoll_wait, dans libuv) : strace montre, côté C et
 *    côté TypeScript, les mêmes appels sur les sockets (accept4, recvfrom,
 *    sendto, close) dans le même ordre ; seule l'attente diffère, poll ici,
 *    epoll_wait chez Node (bsd-sockets-trace l'ignore des deux côtés pour ce
 *    serveur : voir tools/trace/scenarios.ts).
 * À la différence de serveur_poll.c, une réponse attend POLLOUT avant son
 * send : un client lent qui ne lit pas ses réponses ne bloque que lui,
 * pendant que les autres sont servis. Et pas de limite au nombre de
 * clients : les tableaux grandissent avec realloc, comme la liste des
 * promesses en attente du TypeScript.
 */
#define _GNU_SOURCE /* pour accept4 */
#include <errno.h>
#include <poll.h>
#include <signal.h>

#include "service.h"

/* Un client : l'opération qu'il attend de pouvoir faire, et sa requête */
struct client {
  enum { LIRE, ECRIRE } etat;
  char request[REQUEST_MAX];
  size_t len; /* longueur de la réponse, '\0' compris */
};

/* fds[0] : la socket d'écoute ; fds[i], i >= 1 : la socket du client
 * clients[i] (clients[0] ne sert pas). nfds entrées sur taille. */
static struct pollfd *fds;
static struct client *clients;
static nfds_t nfds, taille;

/* Ce que poll doit surveiller pour le client i : POLLIN pour lire sa
 * requête, POLLOUT pour envoyer sa réponse. */
static void attendre(nfds_t i) {
  fds[i].events = clients[i].etat == LIRE ? POLLIN : POLLOUT;
}

/* La fin du client i ; le dernier du tableau prend sa place. */
static void terminer(nfds_t i, int ret) {
  fin_de_connexion(fds[i].fd, ret);
  --nfds;
  fds[i] = fds[nfds];
  clients[i] = clients[nfds];
}

/* La socket est lisible : recv (le `await recv(...)` du TypeScript) */
static void lire(nfds_t i) {
  struct client *c = &clients[i];
  int ret = recv(/* ..... */ fds[i].fd, c->request, REQUEST_MAX - 1, 0);

  if (ret == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return; /* plus rien : attendre encore */
  if (ret <= 0) {
    terminer(i, ret);
    return;
  }
  c->len = majuscules(c->request, ret);
  c->etat = ECRIRE;
  attendre(i);
}

/* La socket est inscriptible : send (le `await send(...)` du TypeScript) */
static void ecrire(nfds_t i) {
  struct client *c = &clients[i];
  ssize_t n = send(/* ..... socket, message, longueur, options */ fds[i].fd, c->request, c->len, 0);

  if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n != (ssize_t)c->len) {
    perror("send");
    terminer(i, -2);
    return;
  }
  c->etat = LIRE;
  attendre(i);
}

/* Un nouveau client, qui attend sa première requête ; les tableaux doublent
 * quand ils sont pleins. */
static void ajouter(int sock) {
  if (nfds == taille) {
    taille *= 2;
    if ((fds = realloc(fds, taille * sizeof *fds)) == NULL ||
        (clients = realloc(clients, taille * sizeof *clients)) == NULL) {
      perror("realloc");
      exit(1);
    }
  }
  fds[nfds].fd = sock;
  fds[nfds].revents = 0;
  clients[nfds].etat = LIRE;
  attendre(nfds);
  nfds++;
}

int main(int argc, char **argv) {
  int s, sock;
  nfds_t i;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_async");
  }

  s = ouvrir_serveur(argv[1], SOCK_NONBLOCK);

  taille = 64;
  if ((fds = malloc(taille * sizeof *fds)) == NULL ||
      (clients = malloc(taille * sizeof *clients)) == NULL) {
    perror("malloc");
    exit(1);
  }
  fds[0].fd = s;
  fds[0].events = POLLIN;
  nfds = 1;

  puts("En attente de connexion...");

  while (1) { /* la boucle d'événements */
    if (poll(/* ..... tableau, nombre, délai | NULL, 0, -1 */ fds, nfds, -1) == -1) {
      perror("poll");
      exit(1);
    }

    /* Les clients dont la socket est prête (POLLHUP et POLLERR aussi : recv
     * ou send dira 0 ou l'erreur sans bloquer). De la fin vers le début :
     * le dernier, qui prend la place d'un client parti, a déjà été vu. */
    for (i = nfds - 1; i >= 1; i--) {
      if (fds[i].revents == 0) continue;
      if (clients[i].etat == LIRE)
        lire(i);
      else
        ecrire(i);
    }

    /* La socket d'écoute est lisible : accept4 (`await accept4(...)`) */
    if (fds[0].revents & POLLIN) {
      len_src_addr = sizeof src_addr;
      if ((sock = accept4(s, (struct sockaddr *)&src_addr, &len_src_addr, SOCK_NONBLOCK)) == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) continue; /* déjà reparti */
        perror("accept4");
        exit(1);
      }
      puts("Connexion acceptée !");
      ajouter(sock);
      puts("En attente de connexion...");
    }
  } /* fin de la boucle d'événements */

  return 0;
}
