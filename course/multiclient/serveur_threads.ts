/*
 * serveur_threads.ts - portage TypeScript de serveur_threads.c : un thread
 * par client, ici un Worker (worker_threads) par client.
 *
 * usage : node dist/course/multiclient/serveur_threads.js port
 *
 * Le thread principal fait la boucle de serveur_threads.c jusqu'à accept
 * (bloquant, comme en C) ; pthread_create(&thread, NULL, client, sock)
 * devient new Worker(ce fichier, { workerData: { sock } }) : le Worker
 * relance ce programme dans un nouveau thread, qui voit isMainThread faux et
 * sert le client (la boucle recv/send bloquante de service.ts) — sans gêner
 * les autres threads. Comme les pthreads, les Workers partagent la table des
 * descripteurs du processus : le numéro de la socket suffit.
 *
 * Ce qui diffère du C :
 *  - un Worker est un thread avec son propre moteur JavaScript (son tas, sa
 *    boucle d'événements) : il coûte quelques mégaoctets et quelques
 *    dizaines de millisecondes à démarrer, là où un pthread coûte sa pile ;
 *  - ses messages passent par fs.writeSync (../lib/libc), pas par
 *    console.log (qui passerait par le thread principal, bloqué dans
 *    accept) ;
 *  - un Worker terminé est « rejoint » par la boucle d'événements du thread
 *    principal, qui ne tourne pas tant qu'il bloque dans accept : c'est
 *    pthread_detach sans la libération immédiate. Son moteur et sa boucle
 *    sont libérés par le Worker lui-même à sa fin.
 */
import { Worker, isMainThread, workerData } from 'node:worker_threads';

import { accept, perror, sizeof } from 'bsd-sockets';
import type { sockaddr_storage, socklen_t } from 'bsd-sockets';

import { _IOLBF, exit, fprintf, libc_start_main, puts, setvbuf, stderr, stdout } from '../lib/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';

/* Le thread d'un client : la boucle de traitement de tcp/serveur.c. */
function client(sock: number): void {
  let ret: number;

  while ((ret = servir_requete(sock)) > 0) {
    /* une requête servie */
  }
  fin_de_connexion(sock, ret);
}

function main(argc: number, argv: string[]): number {
  let sock: number;

  const src_addr: sockaddr_storage = {};
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_threads');
  }

  const s = ouvrir_serveur(argv[1], 0);

  while (true) {
    /* boucle du serveur */
    puts('En attente de connexion...');

    len_src_addr.value = sizeof.sockaddr_storage;
    try {
      sock = accept(s, src_addr, len_src_addr);
    } catch (e) {
      perror('accept', e);
      exit(1);
    }

    puts('Connexion acceptée !');

    /* pthread_create(&thread, NULL, client, sock); pthread_detach(thread); */
    try {
      new Worker(__filename, { workerData: { sock } });
    } catch (e) {
      fprintf(stderr, 'pthread_create: %s\n', (e as Error).message);
      exit(1);
    }
  } /* fin boucle principale du serveur */
}

if (isMainThread) libc_start_main(main);
else client((workerData as { sock: number }).sock);
