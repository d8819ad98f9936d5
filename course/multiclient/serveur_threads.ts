/*
 * serveur_threads.ts - la contrepartie TypeScript de serveur_threads.c : un
 * thread par client, ici un thread d'un pool de Workers (worker_threads)
 * par client.
 *
 * usage : node dist/course/multiclient/serveur_threads.js port
 *
 * Le thread principal fait la boucle de serveur_threads.c jusqu'à accept
 * (bloquant, comme en C). pthread_create(&thread, NULL, client, sock)
 * devient confier(sock) : la socket va dans une file partagée
 * (SharedArrayBuffer) où l'attend un thread libre du pool, qui sert le
 * client (la boucle recv/send bloquante de service.ts, comme le thread du
 * C) puis retourne attendre le suivant. Comme les pthreads, les Workers
 * partagent la table des descripteurs du processus : le numéro de la
 * socket suffit.
 *
 * Pourquoi un pool et pas un Worker par client comme un pthread par
 * client : un Worker est un thread avec son propre moteur JavaScript (son
 * tas, sa boucle d'événements, ses modules). Mesuré sur 2 cœurs : environ
 * 80 ms de CPU et 8 Mo pour démarrer un Worker vide, 100 ms et 9 Mo avec
 * bsd-sockets, là où un pthread coûte quelques µs et sa pile. Un Worker
 * par client coûtait donc des secondes et des Go sous 500 clients ; et
 * comme new Worker rend la main avant que le thread ait démarré, la boucle
 * d'accept prenait une longue avance : des centaines de Workers
 * démarraient encore, ensemble, après le départ de leurs clients (la
 * mémoire et les threads continuaient de croître sans aucun client).
 * Le pool est démarré une fois, avant la première attente : ensuite, servir
 * un client ne coûte plus que ses appels, comme en C.
 *
 * Ce qui diffère du C, en conséquence :
 *  - NB_THREADS clients au plus sont servis à la fois ; les suivants sont
 *    acceptés (le thread principal les compte et les annonce, comme en C)
 *    et attendent dans la file qu'un thread se libère. Un client qui se
 *    tait garde son thread, comme en C, mais ici il en prive les autres ;
 *  - les messages des threads passent par fs.writeSync (bsd-sockets/libc), pas
 *    par console.log (qui passerait par le thread principal, bloqué dans
 *    accept) ;
 *  - exit : process.exit attend la fin de chaque Worker, et un Worker
 *    bloqué dans un recv natif ne finit pas (il ne revient jamais au
 *    JavaScript, où on pourrait l'arrêter). Avant exit, le thread principal
 *    fait donc shutdown(SHUT_RDWR) des sockets en cours de service, ce qui
 *    réveille leurs recv (leurs threads ont le temps d'écrire "Fin de
 *    connexion !") ; en C, exit arrête les threads où qu'ils soient.
 */
import { Worker, isMainThread, workerData } from 'node:worker_threads';

import { SHUT_RDWR, accept, perror, shutdown, sizeof } from 'bsd-sockets/c';
import type { sockaddr_storage, socklen_t } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, libc_start_main, puts, setvbuf, stderr } from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';

/* Le nombre de threads du pool : de clients servis à la fois */
const NB_THREADS = 16;

/* Les clients acceptés qui peuvent attendre un thread (une puissance de 2) */
const CAPACITE = 1 << 16;

/* La mémoire partagée par tous les threads (des Int32 d'un SharedArrayBuffer) :
 *   PRETS       les threads démarrés et prêts ;
 *   TETE, QUEUE la file des sockets acceptées : la prochaine à prendre, la
 *               prochaine place libre (des compteurs qui ne font que croître) ;
 *   EN_COURS+i  la socket que sert le thread i, -1 s'il attend ;
 *   FILE+j      les sockets de la file (j modulo CAPACITE). */
const PRETS = 0;
const TETE = 1;
const QUEUE = 2;
const EN_COURS = 3;
const FILE = EN_COURS + NB_THREADS;

/* Le thread d'un client : la boucle de traitement de tcp/serveur.c. */
function client(sock: number): void {
  let ret: number;

  while ((ret = servir_requete(sock)) > 0) {
    /* une requête servie */
  }
  fin_de_connexion(sock, ret);
}

/* Un thread du pool : attend une socket dans la file, sert son client,
 * recommence. Atomics.wait bloque le thread sans rien consommer, comme un
 * pthread qui attend sur une condition. */
function thread(partage: Int32Array, numero: number): never {
  Atomics.add(partage, PRETS, 1);
  Atomics.notify(partage, PRETS);
  while (true) {
    const tete = Atomics.load(partage, TETE);
    const queue = Atomics.load(partage, QUEUE);
    if (tete === queue) {
      Atomics.wait(partage, QUEUE, queue); /* la file est vide */
      continue;
    }
    /* Lue avant d'avancer TETE : sa place ne peut pas être réutilisée avant.
     * Plusieurs threads peuvent viser la même socket : un seul l'obtient. */
    const sock = Atomics.load(partage, FILE + (tete & (CAPACITE - 1)));
    if (Atomics.compareExchange(partage, TETE, tete, tete + 1) !== tete) continue;
    Atomics.store(partage, EN_COURS + numero, sock);
    client(sock);
    Atomics.store(partage, EN_COURS + numero, -1);
  }
}

/* pthread_create(&thread, NULL, client, sock) : la socket va dans la file,
 * un thread libre la prend. */
function confier(partage: Int32Array, sock: number): void {
  const queue = Atomics.load(partage, QUEUE);
  for (let tete = Atomics.load(partage, TETE); queue - tete >= CAPACITE;) {
    Atomics.wait(partage, TETE, tete, 1000); /* file pleine : qu'un thread en prenne une */
    tete = Atomics.load(partage, TETE);
  }
  Atomics.store(partage, FILE + (queue & (CAPACITE - 1)), sock);
  Atomics.store(partage, QUEUE, queue + 1);
  Atomics.notify(partage, QUEUE, 1);
}

/* exit(status) depuis le thread principal : réveille d'abord les threads
 * bloqués dans recv (voir l'en-tête), sans quoi process.exit les attendrait
 * pour toujours. */
function terminer(partage: Int32Array, status: number): never {
  for (let i = 0; i < NB_THREADS; i++) {
    const sock = Atomics.load(partage, EN_COURS + i);
    if (sock === -1) continue;
    shutdown(sock, SHUT_RDWR); /* -1 si son client vient de partir : rien à faire */
  }
  exit(status);
}

/* Démarre les NB_THREADS threads du pool et attend qu'ils soient prêts
 * (au plus 60 s : sur une machine chargée, chacun prend des centaines de ms). */
function demarrer_pool(partage: Int32Array): void {
  for (let i = 0; i < NB_THREADS; i++) {
    Atomics.store(partage, EN_COURS + i, -1);
    try {
      new Worker(__filename, { workerData: { partage, numero: i } });
    } catch (e) {
      fprintf(stderr, 'pthread_create: %s\n', (e as Error).message);
      terminer(partage, 1);
    }
  }
  const limite = Date.now() + 60_000;
  let prets: number;
  while ((prets = Atomics.load(partage, PRETS)) < NB_THREADS) {
    if (Date.now() > limite) {
      fprintf(stderr, 'pthread_create: %d threads prêts sur %d\n', prets, NB_THREADS);
      terminer(partage, 1);
    }
    Atomics.wait(partage, PRETS, prets, 1000);
  }
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

  const partage = new Int32Array(
    new SharedArrayBuffer((FILE + CAPACITE) * Int32Array.BYTES_PER_ELEMENT),
  );
  demarrer_pool(partage);

  while (true) {
    /* boucle du serveur */
    puts('En attente de connexion...');

    len_src_addr.value = sizeof.sockaddr_storage;
    if ((sock = accept(s, src_addr, len_src_addr)) === -1) {
      perror('accept');
      terminer(partage, 1);
    }

    puts('Connexion acceptée !');

    /* pthread_create(&thread, NULL, client, sock); pthread_detach(thread); */
    confier(partage, sock);
  } /* fin boucle principale du serveur */
}

if (isMainThread) libc_start_main(main);
else {
  const { partage, numero } = workerData as { partage: Int32Array; numero: number };
  thread(partage, numero);
}
