/*
 * serveur_async.ts - serveur TCP majuscules pour plusieurs clients,
 * écrit comme on l'écrit en TypeScript : async/await et
 * bsd-sockets/promises. Son jumeau C est serveur_async.c.
 *
 * usage : node dist/course/multiclient/serveur_async.js port
 *
 * Chaque client a sa fonction servir(), une boucle recv/send comme celle de
 * tcp/serveur.c, où chaque appel est attendu avec `await` : pendant qu'un
 * client attend sa requête, le thread (la boucle d'événements de Node) sert
 * les autres. Le programme principal accepte les clients avec
 * `await accept4(...)` et lance servir() pour chacun sans l'attendre.
 *
 * Les sockets sont non bloquantes (SOCK_NONBLOCK, accept4(..., SOCK_NONBLOCK)),
 * comme celles de serveur_async.c : bsd-sockets/promises fait chaque appel
 * quand la socket est prête, et avec une socket non bloquante rien ne peut
 * bloquer la boucle, même si un autre a pris les données entre-temps (voir
 * src/promises/index.ts). strace montre les mêmes appels que le C, dans le
 * même ordre : accept4, recvfrom, sendto, close — l'attente est dans
 * epoll_wait, chez Node comme chez le C.
 *
 * Une différence avec les autres serveurs : perror("recv") reçoit l'erreur
 * elle-même (perror('recv', e)), car d'autres appels ont pu échouer entre la
 * fin du recv et la reprise de servir().
 */
import { SOCK_NONBLOCK, errno, perror, sizeof } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { accept4, recv, send } from 'bsd-sockets/promises';

import { _IOLBF, exit, failed, fprintf, puts, setvbuf, stderr, stdout } from '../lib/libc';
import { REQUEST_MAX, fin_de_connexion, majuscules, ouvrir_serveur, usage } from './service';
import { sockaddr_storage } from 'bsd-sockets/c';
import { char_array } from 'bsd-sockets/libc';

/* Un client : la boucle de traitement de tcp/serveur.c, avec await */
async function servir(sock: number): Promise<void> {
  const request = char_array(REQUEST_MAX);
  let ret: number, sent: number;
  let erreur = 0; /* l'errno du recv qui a échoué */

  while (true) {
    try {
      ret = await recv(/* ..... */ sock, request, REQUEST_MAX - 1, 0);
    } catch (e) {
      ret = failed(e); /* -1, et errno, comme en C */
      erreur = errno;
    }
    if (ret <= 0) break;
    const len = majuscules(request, ret);

    /* Émission de la réponse (avec le '\0' final) */
    try {
      sent = await send(/* ..... socket, message, longueur, options */ sock, request, len, 0);
    } catch (e) {
      sent = failed(e);
    }
    if (sent !== len) {
      perror('send');
      ret = -2;
      break;
    }
  }
  fin_de_connexion(sock, ret, erreur);
}

async function main(argc: number, argv: string[]): Promise<number> {
  let sock: number;

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_async');
  }

  const s = ouvrir_serveur(argv[1], SOCK_NONBLOCK);

  puts('En attente de connexion...');
  while (true) {
    /* boucle du serveur */
    len_src_addr.value = sizeof(src_addr);
    try {
      sock = await accept4(/* ..... */ s, src_addr, len_src_addr, SOCK_NONBLOCK);
    } catch (e) {
      failed(e); /* -1, et errno, comme en C */
      perror('accept4');
      exit(1);
    }
    puts('Connexion acceptée !');
    void servir(sock); /* sans l'attendre : les clients sont servis ensemble */
    puts('En attente de connexion...');
  } /* fin boucle principale du serveur */
}

const argv = process.argv.slice(1);
void main(argv.length, argv).then(exit);
