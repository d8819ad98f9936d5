/*
 * clientu.ts - portage TypeScript de clientu.c (TP, exercice 1.2 : client
 * UDP).
 *
 * usage: node dist/course/tp_udp/clientu.js id host sport
 *
 * Même programme que clientu.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait et les corrections apportées au TP). Ce que TypeScript change :
 *  - `struct sockaddr_in s;` est `const s = new sockaddr_in();` (la struct
 *    à zéro), et memset(s, 0, sizeof(s)) en remet les champs à zéro ;
 *  - `short sport = atoi(...)` : la conversion en short est écrite
 *    ((x << 16) >> 16), et htons reçoit le uint16_t que le C passe
 *    (& 0xffff) ;
 *  - les boîtes socklen_t { value } sont les socklen_t du C passés par
 *    adresse (len, serveur_len).
 */
import { AF_INET, SOCK_DGRAM, errno, getsockname, htons, ntohs } from 'bsd-sockets/c';
import { recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import { inet_aton, inet_ntoa } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, printf, setvbuf } from 'bsd-sockets/libc';
import { snprintf, stderr, stdout, strerror, strlen } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

let id: string | null = null;
let sport = 0; /* short */
let sock = 0; /* socket de communication */

export function main(argc: number, argv: string[]): number {
  const moi = new sockaddr_in(); /* SAP du client */
  const serveur = new sockaddr_in(); /* SAP du serveur */
  let nb_question = 0;
  let ret: number;
  const len: socklen_t = { value: 0 };
  const serveur_len: socklen_t = { value: sizeof(serveur) };

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 4) {
    fprintf(stderr, 'usage: %s id host sport\n', argv[0]);
    exit(1);
  }
  id = argv[1];
  sport = (atoi(argv[3]) << 16) >> 16; /* la conversion en short du C */
  if ((sock = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) === -1) {
    fprintf(stderr, '%s: socket %s\n', argv[0], strerror(errno));
    exit(1);
  }
  memset(moi, 0, sizeof(moi));
  len.value = sizeof(moi);
  getsockname(/* ..... socket, adresse, longueur */ sock, moi, len);
  memset(serveur, 0, sizeof(serveur));
  serveur.sin_family = /* ..... la famille */ AF_INET;
  serveur.sin_port = /* ..... le port, en ordre réseau */ htons(sport & 0xffff);
  if (inet_aton(/* ..... la chaîne, l'adresse */ argv[2], serveur.sin_addr) === 0) {
    /* correction */
    fprintf(stderr, '%s: adresse invalide %s\n', argv[0], argv[2]);
    exit(1);
  }
  while (nb_question < 3) {
    const buf_read = char_array(1 << 8),
      buf_write = char_array(1 << 8);

    snprintf(buf_write, sizeof(buf_write), '#%2s=%03d', id, nb_question++);
    /* deux printf : en C, inet_ntoa renvoie un tampon statique */
    printf('client %2s: (%s,%4d) envoie a ', id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    printf('(%s,%4d): %s\n', inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_write);
    ret = sendto(/* ..... */ sock, buf_write, strlen(buf_write) + 1, 0, serveur, serveur_len);
    if (ret <= 0) {
      printf('%s: erreur dans sendto (num=%d, mess=%s)\n', argv[0], ret, strerror(errno));
      continue;
    }
    len.value = sizeof(moi);
    getsockname(/* ..... socket, adresse, longueur */ sock, moi, len);
    printf('client %2s: (%s,%4d) recoit de ', id, inet_ntoa(moi.sin_addr), ntohs(moi.sin_port));
    ret = recvfrom(/* ..... */ sock, buf_read, sizeof(buf_read) - 1, 0, serveur, serveur_len);
    if (ret <= 0) {
      printf('%s: erreur dans recvfrom (num=%d, mess=%s)\n', argv[0], ret, strerror(errno));
      continue;
    }
    buf_read[ret] = 0; /* correction : tampon terminé */
    printf('(%s,%4d) : %s\n', inet_ntoa(serveur.sin_addr), ntohs(serveur.sin_port), buf_read);
  }
  return 0;
}
