/*
 * serveur_fork.ts - la contrepartie TypeScript de serveur_fork.c (un
 * processus par client), qui ne peut pas en être le portage ligne à ligne.
 *
 * usage : node dist/course/multiclient/serveur_fork.js port
 *
 * Pourquoi Node ne peut pas fork() : un processus Node a plusieurs threads
 * (ceux de libuv, du ramasse-miettes et du compilateur de V8) ; fork ne
 * recopie que le thread appelant, et le fils hériterait de verrous tenus par
 * des threads qui n'existent plus chez lui, et d'un moteur JavaScript dans
 * un état incohérent. Node n'expose donc pas fork : un nouveau processus
 * est toujours un nouveau programme (child_process.spawn, c'est-à-dire fork
 * puis exec aussitôt, dans libuv), qui démarre un moteur JavaScript entier.
 *
 * Pourquoi pas un nouveau programme par client : mesuré sur 2 cœurs, un
 * fils Node coûte plus de 100 ms de CPU pour démarrer et des dizaines de Mo,
 * là où fork ne copie que des tables de pages. Sous des centaines de clients
 * à la fois, les fils mettaient des secondes à démarrer (63 clients servis
 * sur 500 sur une machine chargée).
 *
 * Ce que fait ce serveur à la place, comme les serveurs « pré-forkés »
 * (Apache prefork) : le père ouvre la socket d'écoute, puis lance NB_FILS
 * fils une fois pour toutes ; chaque fils sert un client à la fois, puis
 * le suivant. Un processus par client servi, comme en C, mais réutilisé.
 *  - Le fils reçoit la socket d'écoute comme son descripteur 3 (spawn avec
 *    stdio [..., s, 'pipe'] : libuv la duplique avec dup2 entre fork et
 *    exec) et fait lui-même l'accept : Node ne sait pas passer un
 *    descripteur d'un processus à un autre déjà lancé (il faudrait
 *    sendmsg et SCM_RIGHTS), le père ne peut donc pas accepter pour lui.
 *    Quand un client arrive, tous les fils libres se réveillent (poll) et
 *    un seul l'obtient : la socket d'écoute est non bloquante (SOCK_NONBLOCK,
 *    partagée par tous), les autres reçoivent EAGAIN et retournent attendre.
 *    La socket du client, elle, est bloquante (accept ne transmet pas
 *    O_NONBLOCK) : le fils la sert avec la boucle recv/send bloquante de
 *    service.ts, la ferme et écrit "Fin de connexion !", comme en C.
 *  - Le descripteur 4 du fils est une socket vers le père (le 'pipe' de
 *    spawn est une socketpair). Le fils y écrit un octet par client
 *    accepté ; le père, seul à écrire sur stdout comme le père du C,
 *    affiche alors "Connexion acceptée !" et "En attente de connexion...".
 *    Le fils attend aussi sur ce descripteur : quand le père meurt (SIGTERM,
 *    SIGKILL), il y lit la fin de fichier et se termine. Un fils qui sert un
 *    client finit d'abord de le servir, comme un fils du C à la mort du père.
 *  - Le père n'a rien d'autre à faire que d'attendre ces octets (sa boucle
 *    d'événements) et de relancer un fils qui meurt ; libuv recueille les
 *    fils terminés (waitpid à leur SIGCHLD), ce que fait
 *    signal(SIGCHLD, SIG_IGN) dans serveur_fork.c.
 * Ce qui diffère donc du C : NB_FILS clients au plus sont servis à la fois,
 * les suivants attendent dans la file de listen qu'un fils se libère ; un
 * client qui se tait garde son fils et en prive les autres.
 */
import { spawn } from 'node:child_process';

import {
  EAGAIN,
  EINTR,
  EWOULDBLOCK,
  POLLIN,
  SOCK_NONBLOCK,
  accept,
  perror,
  poll,
  send,
  sizeof,
  errno,
} from 'bsd-sockets/c';
import type { pollfd, sockaddr_storage, socklen_t } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, puts, setvbuf, stderr, stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';

/* Le nombre de fils : de clients servis à la fois */
const NB_FILS = 8;

/* Les descripteurs du fils que le père lui donne (stdio[3], stdio[4]) */
const SOCKET_D_ECOUTE = 3;
const VERS_LE_PERE = 4;

/* Un fils qui meurt moins de temps que cela après son lancement (en ms) ne
 * démarre pas : le père s'arrête plutôt que de relancer sans fin. */
const DEMARRAGE_MIN = 1000;

/* Le fils : un client après l'autre, jusqu'à la mort du père */
function fils(): never {
  let sock: number, ret: number;

  const src_addr: sockaddr_storage = {};
  const len_src_addr: socklen_t = { value: 0 };
  const accepte = new Uint8Array(1);
  const fds: pollfd[] = [
    { fd: SOCKET_D_ECOUTE, events: POLLIN, revents: 0 },
    { fd: VERS_LE_PERE, events: POLLIN, revents: 0 },
  ];

  while (true) {
    if (poll(fds, 2, -1) === -1) {
      if (errno === EINTR) continue;
      perror('poll');
      exit(1);
    }
    if (fds[1].revents !== 0) exit(0); /* fin de fichier : le père est parti */
    if (!(fds[0].revents & POLLIN)) continue;

    len_src_addr.value = sizeof.sockaddr_storage;
    if ((sock = accept(SOCKET_D_ECOUTE, src_addr, len_src_addr)) === -1) {
      if (errno === EAGAIN || errno === EWOULDBLOCK) continue; /* un autre fils l'a eu */
      perror('accept');
      exit(1);
    }

    /* "Connexion acceptée !" : le père l'écrit */
    send(VERS_LE_PERE, accepte, 1, 0); /* -1 si le père est parti : servir quand même */

    while ((ret = servir_requete(sock)) > 0) {
      /* une requête servie */
    }
    fin_de_connexion(sock, ret);
  }
}

function main(argc: number, argv: string[]): void {
  let arret = false;

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_fork');
  }

  const s = ouvrir_serveur(argv[1], SOCK_NONBLOCK);

  /* Un fils de plus : ce même programme, avec --fils */
  const lancer_fils = (): void => {
    const debut = Date.now();
    const child = spawn(process.execPath, [__filename, '--fils'], {
      stdio: ['ignore', 'inherit', 'inherit', s, 'pipe'],
    });
    child.on('error', (e) => {
      fprintf(stderr, 'fork: %s\n', e.message);
      exit(1);
    });
    /* Un octet par client accepté par ce fils */
    child.stdio[4]?.on('data', (octets: Buffer) => {
      for (let i = 0; i < octets.length; i++) {
        puts('Connexion acceptée !');
        puts('En attente de connexion...');
      }
    });
    child.on('exit', (status, signal) => {
      if (arret) return;
      if (Date.now() - debut < DEMARRAGE_MIN) {
        fprintf(stderr, 'fork: un fils est mort au démarrage (%s)\n', signal ?? String(status));
        arret = true;
        exit(1);
      }
      lancer_fils();
    });
  };

  for (let i = 0; i < NB_FILS; i++) lancer_fils();

  puts('En attente de connexion...');
  process.on('exit', () => (arret = true));
}

if (process.argv[2] === '--fils') {
  fils();
} else {
  const argv = process.argv.slice(1);
  main(argv.length, argv);
}
