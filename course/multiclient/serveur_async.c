/*
 * serveur_async.c - serveur TCP majuscules pour plusieurs clients, sockets
 * non bloquantes et une boucle d'événements : le jumeau C de
 * serveur_async.ts, le serveur TypeScript écrit avec async/await et
 * bsd-sockets/promises.
 *
 * usage : serveur_async port
 *
 * Ce que fait serveur_async.ts, écrit à la main :
 *  - les sockets sont non bloquantes (SOCK_NONBLOCK pour la socket d'écoute,
 *    accept4(..., SOCK_NONBLOCK) pour celles des clients) : aucun appel ne
 *    peut bloquer le thread, qui sert tous les clients ;
 *  - chaque `await recv(...)`, `await send(...)`, `await accept4(...)` du
 *    TypeScript est ici un état : on attend que la socket soit prête à lire
 *    (EPOLLIN) ou à écrire (EPOLLOUT), puis on fait l'appel — le même, avec
 *    les mêmes arguments. Un client a donc toujours une seule opération en
 *    cours : lire sa requête, ou envoyer sa réponse ;
 *  - l'attente se fait avec epoll(7), comme la boucle d'événements de Node
 *    (libuv) sous les promesses : strace montre alors, côté C comme côté
 *    TypeScript, les mêmes appels (accept4, recvfrom, sendto, close) dans
 *    le même ordre. Avec poll(2) (voir serveur_poll.c) le C montrerait en
 *    plus ses appels à poll, que Node fait avec epoll_wait.
 * Un client lent qui ne lit pas ses réponses ne bloque que lui : son send
 * attend EPOLLOUT pendant que les autres sont servis.
 */
#define _GNU_SOURCE /* pour accept4 */
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>

#include "service.h"

#define EVENTS_MAX 64

/* Un client, et l'opération qu'il attend de pouvoir faire */
struct client {
  int fd;
  enum { LIRE, ECRIRE } etat;
  char request[REQUEST_MAX];
  size_t len; /* longueur de la réponse, '\0' compris */
};

static int epfd;

/* Attendre que la socket du client soit prête pour son opération :
 * EPOLLIN pour lire sa requête, EPOLLOUT pour envoyer sa réponse. */
static void attendre(struct client *c, int operation) {
  struct epoll_event ev;

  ev.events = c->etat == LIRE ? EPOLLIN : EPOLLOUT;
  ev.data.ptr = c;
  if (epoll_ctl(epfd, operation, c->fd, &ev) == -1) {
    perror("epoll_ctl");
    exit(1);
  }
}

/* La fin du client ; close retire aussi sa socket de l'ensemble epoll. */
static void terminer(struct client *c, int ret) {
  fin_de_connexion(c->fd, ret);
  free(c);
}

/* La socket est lisible : recv (le `await recv(...)` du TypeScript) */
static void lire(struct client *c) {
  int ret = recv(c->fd, c->request, REQUEST_MAX - 1, 0);

  if (ret == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return; /* plus rien : attendre encore */
  if (ret <= 0) {
    terminer(c, ret);
    return;
  }
  c->len = majuscules(c->request, ret);
  c->etat = ECRIRE;
  attendre(c, EPOLL_CTL_MOD);
}

/* La socket est inscriptible : send (le `await send(...)` du TypeScript) */
static void ecrire(struct client *c) {
  ssize_t n = send(c->fd, c->request, c->len, 0);

  if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n != (ssize_t)c->len) {
    perror("send");
    terminer(c, -2);
    return;
  }
  c->etat = LIRE;
  attendre(c, EPOLL_CTL_MOD);
}

int main(int argc, char **argv) {
  int s, sock, n, i;
  struct epoll_event ev, events[EVENTS_MAX];
  struct client *c;

  struct sockaddr_storage src_addr;
  socklen_t len_src_addr;

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);

  if (argc != 2) {
    fprintf(stderr, "Erreur : Nb args !\n");
    usage("serveur_async");
  }

  s = ouvrir_serveur(argv[1], SOCK_NONBLOCK);

  if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
    perror("epoll_create1");
    exit(1);
  }
  ev.events = EPOLLIN;
  ev.data.ptr = NULL; /* NULL : la socket d'écoute */
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev) == -1) {
    perror("epoll_ctl");
    exit(1);
  }

  puts("En attente de connexion...");

  while (1) { /* la boucle d'événements */
    if ((n = epoll_wait(epfd, events, EVENTS_MAX, -1)) == -1) {
      perror("epoll_wait");
      exit(1);
    }

    for (i = 0; i < n; i++) {
      c = events[i].data.ptr;
      if (c != NULL) {
        if (c->etat == LIRE)
          lire(c);
        else
          ecrire(c);
        continue;
      }

      /* La socket d'écoute est lisible : accept4 (`await accept4(...)`) */
      len_src_addr = sizeof src_addr;
      if ((sock = accept4(s, (struct sockaddr *)&src_addr, &len_src_addr, SOCK_NONBLOCK)) == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) continue;
        perror("accept4");
        exit(1);
      }
      puts("Connexion acceptée !");
      if ((c = malloc(sizeof *c)) == NULL) {
        perror("malloc");
        exit(1);
      }
      c->fd = sock;
      c->etat = LIRE;
      attendre(c, EPOLL_CTL_ADD);
      puts("En attente de connexion...");
    }
  } /* fin de la boucle d'événements */

  return 0;
}
