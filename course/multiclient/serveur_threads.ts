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
 * Un thread du pool, une fois démarré, sert un client après l'autre : servir
 * un client ne coûte plus que ses appels, comme en C. Le pool suit la
 * demande, comme les serveurs « pré-forkés » (voir serveur_fork.ts) :
 *  - NB_DEPART threads sont démarrés avant la première attente ;
 *  - à chaque client accepté, s'il reste moins de MIN_LIBRES threads libres
 *    (ou en démarrage) pour les clients qui attendent, le thread principal
 *    en démarre d'autres, un par client en attente, jusqu'à MAX_THREADS ;
 *  - un thread libre depuis DELAI_INACTIF quand plus de MAX_LIBRES le sont
 *    se termine de lui-même : au repos, le serveur retrouve sa taille de
 *    départ (2 Workers : 75 Mo, au lieu de 220 Mo pour les 16 d'un pool
 *    fixe).
 * MAX_THREADS borne ce que coûte un pic de clients (32 moteurs : près de
 * 400 Mo). La mémoire que les threads terminés ont libérée reste dans leurs
 * arènes malloc (glibc en donne une à chaque thread, jusqu'à 8 par cœur, et
 * ne rend au système que le sommet d'une arène) : sans rien faire, le
 * processus gardait environ 30 Mo de plus après un pic (mesuré : 73 Mo
 * avant, 102 à 105 Mo après 2 000 clients, un peu plus à chaque pic). Un
 * thread resté dans le pool appelle donc malloc_trim(0) (bsd-sockets/libc)
 * DELAI_RENDRE ms après que le pool a rétréci, le temps que les threads
 * partis aient fini de détruire leur moteur ; un serveur C n'en a pas
 * besoin (un pthread ne laisse que sa pile, rendue à sa fin).
 *
 * Ce qui diffère du C, en conséquence :
 *  - MAX_THREADS clients au plus sont servis à la fois ; les suivants sont
 *    acceptés (le thread principal les compte et les annonce, comme en C)
 *    et attendent dans la file qu'un thread se libère. Un client qui se
 *    tait garde son thread, comme en C ; au-delà de MAX_THREADS clients
 *    muets, il en prive les autres ;
 *  - un pic de clients fait démarrer des threads pendant des centaines de
 *    ms, là où pthread_create prend quelques µs ;
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
import type { socklen_t } from 'bsd-sockets/c';
import {
  _IOLBF,
  exit,
  fprintf,
  libc_start_main,
  malloc_trim,
  puts,
  setvbuf,
  stderr,
} from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';
import { sockaddr_storage } from 'bsd-sockets/c';

/* Le pool (voir l'en-tête) : les threads démarrés avant la première
 * attente ; le nombre de threads libres au-dessous duquel le thread
 * principal en démarre d'autres, et au-dessus duquel ceux qui sont libres
 * depuis DELAI_INACTIF ms se terminent ; le nombre de threads au plus. */
const NB_DEPART = 2;
const MIN_LIBRES = 1;
const MAX_LIBRES = 2;
const MAX_THREADS = 32;
const DELAI_INACTIF = 5000;
/* Après qu'il a rétréci, le temps laissé aux threads partis pour se
 * terminer avant de rendre leur mémoire au système (voir l'en-tête) */
const DELAI_RENDRE = 1000;

/* Les clients acceptés qui peuvent attendre un thread (une puissance de 2) */
const CAPACITE = 1 << 16;

/* La mémoire partagée par tous les threads (des Int32 d'un SharedArrayBuffer) :
 *   DEMARRAGE   les threads lancés qui ne sont pas encore prêts ;
 *   LIBRES      les threads prêts qui attendent une socket ;
 *   VIVANTS     les threads lancés et pas encore terminés ;
 *   TETE, QUEUE la file des sockets acceptées : la prochaine à prendre, la
 *               prochaine place libre (des compteurs qui ne font que croître) ;
 *   RETRAITS    les threads qui se sont retirés, depuis le début ;
 *   RENDUS      la valeur de RETRAITS au dernier malloc_trim ;
 *   EN_COURS+i  la place i du pool : la socket que sert son thread, LIBRE
 *               s'il attend, AUCUN s'il n'y a pas de thread à cette place ;
 *   FILE+j      les sockets de la file (j modulo CAPACITE). */
const DEMARRAGE = 0;
const LIBRES = 1;
const VIVANTS = 2;
const TETE = 3;
const QUEUE = 4;
const RETRAITS = 5;
const RENDUS = 6;
const EN_COURS = 7;
const FILE = EN_COURS + MAX_THREADS;
const LIBRE = -1;
const AUCUN = -2;

/* Le thread d'un client : la boucle de traitement de tcp/serveur.c. */
function client(sock: number): void {
  let ret: number;

  while ((ret = servir_requete(sock)) > 0) {
    /* une requête servie */
  }
  fin_de_connexion(sock, ret);
}

/* Plus de MAX_LIBRES threads libres : celui-ci s'en retire (un seul thread
 * à la fois passe LIBRES de n à n - 1, jamais au-dessous de MAX_LIBRES). */
function se_retirer(partage: Int32Array): boolean {
  for (;;) {
    const libres = Atomics.load(partage, LIBRES);
    if (libres <= MAX_LIBRES) return false;
    if (Atomics.compareExchange(partage, LIBRES, libres, libres - 1) === libres) return true;
  }
}

/* Un thread du pool : attend une socket dans la file, sert son client,
 * recommence ; se termine après DELAI_INACTIF sans client s'il y a assez
 * d'autres threads libres. Atomics.wait bloque le thread sans rien
 * consommer, comme un pthread qui attend sur une condition. */
function thread(partage: Int32Array, numero: number): void {
  Atomics.add(partage, LIBRES, 1);
  Atomics.sub(partage, DEMARRAGE, 1);
  Atomics.notify(partage, DEMARRAGE); /* demarrer_pool l'attend */
  let libre_jusqua = Date.now() + DELAI_INACTIF;
  let rendre = false; /* le pool a rétréci : rendre la mémoire à l'échéance */
  while (true) {
    const tete = Atomics.load(partage, TETE);
    const queue = Atomics.load(partage, QUEUE);
    if (tete === queue) {
      /* La file est vide. Réveillé sans socket pour lui (un autre l'a
       * prise), il garde son échéance : elle compte depuis son dernier client. */
      const reste = libre_jusqua - Date.now();
      if (reste <= 0) {
        if (se_retirer(partage)) break;
        const retraits = Atomics.load(partage, RETRAITS);
        if (rendre) {
          rendre = false;
          /* un seul des threads restants rend la mémoire des partis */
          const vu = Atomics.load(partage, RENDUS);
          if (vu !== retraits && Atomics.compareExchange(partage, RENDUS, vu, retraits) === vu)
            malloc_trim(0);
        } else if (retraits !== Atomics.load(partage, RENDUS)) {
          rendre = true;
          libre_jusqua = Date.now() + DELAI_RENDRE;
          continue;
        }
        libre_jusqua = Date.now() + DELAI_INACTIF;
        continue;
      }
      Atomics.wait(partage, QUEUE, queue, reste);
      continue;
    }
    /* Lue avant d'avancer TETE : sa place ne peut pas être réutilisée avant.
     * Plusieurs threads peuvent viser la même socket : un seul l'obtient. */
    const sock = Atomics.load(partage, FILE + (tete & (CAPACITE - 1)));
    if (Atomics.compareExchange(partage, TETE, tete, tete + 1) !== tete) continue;
    Atomics.sub(partage, LIBRES, 1);
    Atomics.store(partage, EN_COURS + numero, sock);
    client(sock);
    Atomics.store(partage, EN_COURS + numero, LIBRE);
    Atomics.add(partage, LIBRES, 1);
    libre_jusqua = Date.now() + DELAI_INACTIF;
  }
  /* Sa place est libre pour un autre thread. Une socket arrivée pendant
   * qu'il se retirait (son réveil a pu être pour lui) : un thread qui reste
   * la prendra. */
  Atomics.store(partage, EN_COURS + numero, AUCUN);
  Atomics.sub(partage, VIVANTS, 1);
  Atomics.add(partage, RETRAITS, 1);
  if (Atomics.load(partage, TETE) !== Atomics.load(partage, QUEUE))
    Atomics.notify(partage, QUEUE, 1);
}

/* pthread_create(&thread, NULL, client, sock) : un thread de plus, à la
 * première place sans thread. */
function demarrer_thread(partage: Int32Array): void {
  let numero = 0;
  while (Atomics.load(partage, EN_COURS + numero) !== AUCUN) numero++;
  Atomics.store(partage, EN_COURS + numero, LIBRE);
  Atomics.add(partage, DEMARRAGE, 1);
  Atomics.add(partage, VIVANTS, 1);
  try {
    new Worker(__filename, { workerData: { partage, numero } });
  } catch (e) {
    fprintf(stderr, 'pthread_create: %s\n', (e as Error).message);
    terminer(partage, 1);
  }
}

/* La socket va dans la file, un thread libre la prend ; s'il en manque pour
 * les sockets en attente, en démarrer d'autres (au plus MAX_THREADS). */
function confier(partage: Int32Array, sock: number): void {
  const queue = Atomics.load(partage, QUEUE);
  for (let tete = Atomics.load(partage, TETE); queue - tete >= CAPACITE;) {
    Atomics.wait(partage, TETE, tete, 1000); /* file pleine : qu'un thread en prenne une */
    tete = Atomics.load(partage, TETE);
  }
  Atomics.store(partage, FILE + (queue & (CAPACITE - 1)), sock);
  Atomics.store(partage, QUEUE, queue + 1);
  Atomics.notify(partage, QUEUE, 1);

  const en_attente = queue + 1 - Atomics.load(partage, TETE);
  const libres = Atomics.load(partage, LIBRES) + Atomics.load(partage, DEMARRAGE);
  const manquent = Math.min(
    MAX_THREADS - Atomics.load(partage, VIVANTS),
    MIN_LIBRES + en_attente - libres,
  );
  for (let i = 0; i < manquent; i++) demarrer_thread(partage);
}

/* exit(status) depuis le thread principal : réveille d'abord les threads
 * bloqués dans recv (voir l'en-tête), sans quoi process.exit les attendrait
 * pour toujours. */
function terminer(partage: Int32Array, status: number): never {
  for (let i = 0; i < MAX_THREADS; i++) {
    const sock = Atomics.load(partage, EN_COURS + i);
    if (sock < 0) continue;
    shutdown(sock, SHUT_RDWR); /* -1 si son client vient de partir : rien à faire */
  }
  exit(status);
}

/* Démarre les NB_DEPART premiers threads et attend qu'ils soient prêts (au
 * plus 60 s : sur une machine chargée, chacun prend des centaines de ms). */
function demarrer_pool(partage: Int32Array): void {
  for (let i = 0; i < MAX_THREADS; i++) Atomics.store(partage, EN_COURS + i, AUCUN);
  for (let i = 0; i < NB_DEPART; i++) demarrer_thread(partage);
  const limite = Date.now() + 60_000;
  let en_demarrage: number;
  while ((en_demarrage = Atomics.load(partage, DEMARRAGE)) > 0) {
    if (Date.now() > limite) {
      fprintf(stderr, 'pthread_create: %d threads pas prêts sur %d\n', en_demarrage, NB_DEPART);
      terminer(partage, 1);
    }
    Atomics.wait(partage, DEMARRAGE, en_demarrage, 1000);
  }
}
function main(argc: number, argv: string[]): number {
  let sock: number;

  const src_addr = new sockaddr_storage();
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

    len_src_addr.value = sizeof(src_addr);
    if ((sock = accept(/* ..... */ s, src_addr, len_src_addr)) === -1) {
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
