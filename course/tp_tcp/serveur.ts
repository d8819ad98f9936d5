/*
 * serveur.ts - portage TypeScript de serveur.c (TP, exercice 1.3 : serveur
 * TCP).
 *
 * usage: node dist/course/tp_tcp/serveur.js id port
 *
 * Même programme que serveur.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait et les corrections apportées au TP). Ce que TypeScript change : voir
 * ../tp_udp/clientu.ts ; sleep(2) est un vrai sommeil bloquant
 * (Atomics.wait). Node ignore SIGPIPE : un write vers un client parti
 * échoue avec EPIPE (message "write=-1", on passe au client suivant) là où
 * le programme C est tué par SIGPIPE.
 */
import { AF_INET, INADDR_ANY, SOCK_STREAM, accept, bind, close, errno, htonl } from 'bsd-sockets/c';
import { htons, listen, ntohs, read, sizeof, socket, write } from 'bsd-sockets/c';
import { inet_ntoa } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, printf, setvbuf } from 'bsd-sockets/libc';
import { sleep, snprintf, stderr, stdout, strerror, strlen } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const NBECHANGE = 3;
let id: string | null = null;
let port = 0; /* short */
let sock = 0; /* socket de communication */
let nb_reponse = 0;

export function main(argc: number, argv: string[]): number {
  const serveur = new sockaddr_in(); /* SAP du serveur */

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un serveur tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 3) {
    fprintf(stderr, 'usage: %s id port\n', argv[0]);
    exit(1);
  }
  id = argv[1];
  port = (atoi(argv[2]) << 16) >> 16; /* la conversion en short du C */
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_STREAM, 0)) === -1) {
    fprintf(stderr, '%s: socket %s\n', argv[0], strerror(errno));
    exit(1);
  }
  memset(serveur, 0, sizeof(serveur));
  serveur.sin_family = /* ..... la famille */ AF_INET;
  serveur.sin_port = /* ..... le port, en ordre réseau */ htons(port & 0xffff);
  serveur.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  if (bind(/* ..... socket, adresse, longueur */ sock, serveur, sizeof(serveur)) < 0) {
    fprintf(stderr, '%s: bind %s\n', argv[0], strerror(errno));
    exit(1);
  }
  if (listen(/* ..... socket, file d'attente */ sock, 5) !== 0) {
    fprintf(stderr, '%s: listen %s\n', argv[0], strerror(errno));
    exit(1);
  }
  while (true) {
    const client = new sockaddr_in(); /* SAP du client */
    const len: socklen_t = { value: sizeof(client) };
    let ret: number, nb_question: number;

    const sock_pipe = accept(/* ..... */ sock, client, len); /* socket de dialogue */
    if (sock_pipe === -1) {
      /* correction : accept non testé */
      fprintf(stderr, '%s: accept %s\n', argv[0], strerror(errno));
      exit(1);
    }
    for (nb_question = 0; nb_question < NBECHANGE; nb_question++) {
      const buf_read = char_array(1 << 8),
        buf_write = char_array(1 << 8);

      ret = read(/* ..... socket, tampon, taille */ sock_pipe, buf_read, sizeof(buf_read) - 1);
      if (ret <= 0) {
        printf('%s: read=%d: %s\n', argv[0], ret, strerror(errno));
        break;
      }
      buf_read[ret] = 0; /* correction : tampon terminé */
      printf(
        'serveur %s reçu de (%s,%4d) : %s\n',
        id,
        /* ..... */ inet_ntoa(client.sin_addr),
        /* ..... */ ntohs(client.sin_port),
        buf_read,
      );
      snprintf(buf_write, sizeof(buf_write), '#%2s=%03d#', id, nb_reponse++);
      ret = write(/* ..... */ sock_pipe, buf_write, strlen(buf_write) + 1);
      if (ret <= 0) {
        printf('%s: write=%d: %s\n', argv[0], ret, strerror(errno));
        break;
      }
      sleep(2);
    }
    close(sock_pipe);
  }
  return 0;
}
