/*
 * nc.c - netcat, le sous-ensemble des slides : « echo "hello" | netcat -u localhost 3000 ».
 *
 * usage : nc [-u] [-w secondes] hôte port      (client)
 *         nc -l [-u] [-w secondes] port        (serveur)
 *
 * Copie l'entrée standard vers la socket et la socket vers la sortie standard, octet pour
 * octet (le '\0' que renvoient les serveurs du cours compris), en attendant les deux avec
 * poll().
 *   -u  UDP (SOCK_DGRAM) au lieu de TCP. Le client fait connect() : send() suffit, et
 *       seules les réponses du serveur sont reçues. Le serveur (-l -u) répond à l'émetteur
 *       du premier datagramme reçu (connect() vers lui, comme nc.openbsd).
 *   -l  serveur : bind(0.0.0.0:port) ; en TCP listen() puis un seul accept().
 *   -w  fin après ce nombre de secondes sans rien à lire ni à écrire. Sans -w, un nc -u
 *       ne se termine jamais : UDP n'a pas de fin de connexion (nc.openbsd fait de même).
 * À la fin de l'entrée standard : en TCP shutdown(SHUT_WR), le serveur voit la fin de la
 * connexion (nc.openbsd -N) ; en UDP rien ne part.
 * Fin : le pair ferme la connexion (TCP), -w écoulé, ou une erreur (perror, code 1).
 */
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_MAX 4096

static void usage(void) {
  fprintf(stderr,
          "usage : nc [-u] [-w secondes] hôte port\n"
          "        nc -l [-u] [-w secondes] port\n");
  exit(1);
}

/* Écrit les n octets de buf sur le descripteur fd (sortie standard). */
static void write_all(int fd, const char *buf, ssize_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w == -1) {
      perror("write");
      exit(1);
    }
    buf += w;
    n -= w;
  }
}

int main(int argc, char **argv) {
  int udp = 0, listening = 0, timeout = -1; /* ms, -1 : pas de -w */
  int s, i, ret;
  const char *host = NULL, *port;
  struct addrinfo hints, *res, *rp;
  char buf[BUF_MAX];
  struct pollfd fds[2];
  int stdin_open = 1;

  /* Les options, avant les arguments ('+' : getopt s'arrête au premier argument). */
  opterr = 0; /* une option inconnue : l'usage, pas le message de getopt */
  while ((ret = getopt(argc, argv, "+ulw:")) != -1) {
    if (ret == 'u')
      udp = 1;
    else if (ret == 'l')
      listening = 1;
    else if (ret == 'w')
      timeout = atoi(optarg) * 1000;
    else
      usage();
  }
  i = optind;
  if (listening && argc - i == 1) {
    port = argv[i];
  } else if (!listening && argc - i == 2) {
    host = argv[i];
    port = argv[i + 1];
  } else {
    usage();
  }

  /* L'adresse : celle du serveur (client), 0.0.0.0 (serveur). */
  memset(&hints, 0, sizeof hints);
  hints.ai_family = listening ? AF_INET : AF_UNSPEC;
  hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
  hints.ai_flags = listening ? AI_PASSIVE : 0;
  if ((ret = getaddrinfo(host, port, &hints, &res)) != 0) {
    fprintf(stderr, "nc: getaddrinfo: %s\n", gai_strerror(ret));
    exit(1);
  }

  /* Création de la socket, connect() (client) ou bind() (serveur) : la première adresse
   * qui marche. */
  s = -1;
  for (rp = res; rp != NULL; rp = rp->ai_next) {
    if ((s = socket(rp->ai_family, rp->ai_socktype, rp->ai_protocol)) == -1) continue;
    if (listening) {
      int on = 1;
      /* Relancer le serveur aussitôt, malgré un TIME_WAIT sur ce port. */
      if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1) {
        perror("setsockopt");
        exit(1);
      }
      if (bind(s, rp->ai_addr, rp->ai_addrlen) == 0) break;
    } else if (connect(s, rp->ai_addr, rp->ai_addrlen) == 0) {
      break;
    }
    close(s);
    s = -1;
  }
  if (s == -1) {
    perror(listening ? "bind" : "connect");
    exit(1);
  }
  freeaddrinfo(res);

  if (listening && !udp) {
    int c;
    if (listen(s, 1) == -1) {
      perror("listen");
      exit(1);
    }
    if ((c = accept(s, NULL, NULL)) == -1) {
      perror("accept");
      exit(1);
    }
    close(s);
    s = c;
  } else if (listening) {
    /* UDP : le premier datagramme dit à qui répondre. */
    struct sockaddr_storage from;
    socklen_t len = sizeof from;
    ssize_t n;
    if ((n = recvfrom(s, buf, BUF_MAX, 0, (struct sockaddr *)&from, &len)) == -1) {
      perror("recvfrom");
      exit(1);
    }
    if (connect(s, (struct sockaddr *)&from, len) == -1) {
      perror("connect");
      exit(1);
    }
    write_all(1, buf, n);
  }

  /* stdin → socket, socket → stdout. */
  fds[0].fd = 0;
  fds[0].events = POLLIN;
  fds[1].fd = s;
  fds[1].events = POLLIN;
  while (1) {
    ssize_t n;
    if ((ret = poll(fds, 2, timeout)) == -1) {
      perror("poll");
      exit(1);
    }
    if (ret == 0) break; /* -w : rien depuis `timeout` ms */

    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if ((n = recv(s, buf, BUF_MAX, 0)) == -1) {
        perror("recv");
        exit(1);
      }
      if (n == 0 && !udp) break; /* le pair a fermé */
      write_all(1, buf, n);
    }
    if (stdin_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      if ((n = read(0, buf, BUF_MAX)) == -1) {
        perror("read");
        exit(1);
      }
      if (n == 0) {
        /* Fin de l'entrée : poll() ne la surveille plus (fd négatif). */
        stdin_open = 0;
        fds[0].fd = -1;
        if (!udp && shutdown(s, SHUT_WR) == -1) {
          perror("shutdown");
          exit(1);
        }
      } else if (send(s, buf, n, 0) == -1) {
        perror("send");
        exit(1);
      }
    }
  }

  close(s);
  return 0;
}
