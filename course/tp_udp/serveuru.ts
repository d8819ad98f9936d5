/*
 * serveuru.ts - portage TypeScript de serveuru.c (TP, exercice 1.2 :
 * serveur UDP).
 *
 * usage: node dist/course/tp_udp/serveuru.js id port
 *
 * Même programme que serveuru.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées au TP). Ce que TypeScript change :
 * voir clientu.ts ; sleep(2) est un vrai sommeil bloquant (Atomics.wait),
 * pas une minuterie de la boucle d'événements.
 */
import { AF_INET, INADDR_ANY, SOCK_DGRAM, bind, errno, htonl, htons } from 'bsd-sockets/c';
import { ntohs, recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import { inet_ntoa } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, printf, setvbuf } from 'bsd-sockets/libc';
import { sleep, snprintf, stderr, stdout, strerror, strlen } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

let id: string | null = null;
let port = 0; /* short */
let sock = 0; /* socket de communication */
let nb_reponse = 0;

export function main(argc: number, argv: string[]): number {
  let ret: number;
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
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) === -1) {
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
  while (true) {
    const client = new sockaddr_in(); /* SAP du client */
    const client_len: socklen_t = { value: sizeof(client) };
    const buf_read = char_array(1 << 8),
      buf_write = char_array(1 << 8);

    ret = recvfrom(/* ..... */ sock, buf_read, sizeof(buf_read) - 1, 0, client, client_len);
    if (ret <= 0) {
      printf('%s: recvfrom=%d: %s\n', argv[0], ret, strerror(errno));
      continue;
    }
    buf_read[ret] = 0; /* correction : tampon terminé */
    printf(
      'serveur %s a reçu le message %s de %s:%d\n',
      id,
      buf_read,
      /* ..... */ inet_ntoa(client.sin_addr),
      /* ..... */ ntohs(client.sin_port),
    );
    snprintf(buf_write, sizeof(buf_write), 'serveur#%2s reponse%03d#', id, nb_reponse++);
    ret = sendto(/* ..... */ sock, buf_write, strlen(buf_write) + 1, 0, client, client_len);
    if (ret <= 0) {
      printf('%s: sendto=%d: %s\n', argv[0], ret, strerror(errno));
      continue;
    }
    sleep(2);
  }
  return 0;
}
