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
 * fils Node coûte environ 200 ms de CPU pour démarrer et 50 Mo, là où fork
 * ne copie que des tables de pages. Sous des centaines de clients
 * à la fois, les fils mettaient des secondes à démarrer (63 clients servis
 * sur 500 sur une machine chargée).
 *
 * Ce que fait ce serveur à la place, comme les serveurs « pré-forkés »
 * (Apache prefork, ses StartServers, MinSpareServers, MaxSpareServers) :
 * le père ouvre la socket d'écoute et lance NB_DEPART fils ; chaque fils
 * sert un client à la fois, puis le suivant. Un processus par client servi,
 * comme en C, mais réutilisé, et un pool qui suit la demande :
 *  - quand il reste moins de MIN_LIBRES fils libres (ou en démarrage), le
 *    père en lance d'autres, de plus en plus à la fois (la moitié du nombre
 *    de fils occupés), jusqu'à MAX_FILS : des clients lents ou muets
 *    prennent chacun leur fils, comme en C, sans priver les autres ;
 *  - un fils libre depuis DELAI_INACTIF quand plus de MAX_LIBRES le sont
 *    se termine : au repos, le serveur retrouve sa taille de départ.
 * Les bornes viennent de ce coût : 2 fils au repos (150 Mo avec le père,
 * au lieu de 450 Mo pour les 8 fils d'un pool fixe), et MAX_FILS fils
 * occupent déjà 1,6 Go.
 *  - La socket d'écoute : en C, fork recopie toute la table des
 *    descripteurs, et le fils hérite de s comme de sock (il ferme s). Ici le
 *    fils est un nouveau programme (fork puis exec, dans libuv) : il n'a
 *    que les descripteurs sans FD_CLOEXEC, à leur numéro. s est donc créée
 *    avec SOCK_CLOEXEC, et spawn avec stdio [..., s, 'pipe'] la donne au
 *    fils comme son descripteur 3 (libuv fait dup2(s, 3) entre fork et exec,
 *    et dup2 ne transmet pas FD_CLOEXEC) : le fils l'a une fois, au numéro 3.
 *    Sans SOCK_CLOEXEC, il l'aurait deux fois (3 et le numéro de s chez le
 *    père). Le fils fait lui-même l'accept : Node ne sait pas passer un
 *    descripteur d'un processus à un autre déjà lancé (il faudrait
 *    sendmsg et SCM_RIGHTS), le père ne peut donc pas accepter pour lui.
 *    Quand un client arrive, tous les fils libres se réveillent (poll) et
 *    un seul l'obtient : la socket d'écoute est non bloquante (SOCK_NONBLOCK,
 *    partagée par tous), les autres reçoivent EAGAIN et retournent attendre.
 *    La socket du client, elle, est bloquante (accept ne transmet pas
 *    O_NONBLOCK) : le fils la sert avec la boucle recv/send bloquante de
 *    service.ts, la ferme et écrit "Fin de connexion !", comme en C.
 *  - Le descripteur 4 du fils est une socket vers le père (le 'pipe' de
 *    spawn est une socketpair). Le fils y écrit un octet à chaque
 *    changement d'état : PRET une fois démarré, ACCEPTE par client accepté,
 *    FINI quand il l'a servi. Le père, seul à écrire sur stdout comme le
 *    père du C, affiche à chaque ACCEPTE "Connexion acceptée !" et "En
 *    attente de connexion...", et compte ses fils libres.
 *  - Le fils attend aussi sur ce descripteur : quand le père meurt (SIGTERM,
 *    SIGKILL) ou le congédie (shutdown de son côté, que le père continue
 *    de lire), il y lit la fin de fichier et se termine. Un fils qui sert un
 *    client finit d'abord de le servir, comme un fils du C à la mort du père.
 *  - Le père n'a rien d'autre à faire que d'attendre ces octets (sa boucle
 *    d'événements) ; libuv recueille les fils terminés (waitpid à leur
 *    SIGCHLD), ce que fait signal(SIGCHLD, SIG_IGN) dans serveur_fork.c.
 * Ce qui diffère donc du C : MAX_FILS clients au plus sont servis à la
 * fois, les suivants attendent dans la file de listen qu'un fils se libère ;
 * et un pic de clients fait démarrer des fils pendant des centaines de ms.
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

import {
  EAGAIN,
  EINTR,
  EWOULDBLOCK,
  POLLIN,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  accept,
  perror,
  poll,
  send,
  sizeof,
  errno,
} from 'bsd-sockets/c';
import type { pollfd, socklen_t } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, puts, setvbuf, stderr, stdout } from 'bsd-sockets/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';
import { sockaddr_storage } from 'bsd-sockets/c';

/* Le pool (voir l'en-tête) : les fils lancés au départ ; le nombre de fils
 * libres au-dessous duquel le père en lance d'autres, et au-dessus duquel
 * ceux qui sont libres depuis DELAI_INACTIF ms se terminent ; le nombre de
 * fils au plus. */
const NB_DEPART = 2;
const MIN_LIBRES = 1;
const MAX_LIBRES = 2;
const MAX_FILS = 32;
const DELAI_INACTIF = 5000;

/* Les descripteurs du fils que le père lui donne (stdio[3], stdio[4]) */
const SOCKET_D_ECOUTE = 3;
const VERS_LE_PERE = 4;

/* Ce que le fils écrit au père, un octet par changement d'état */
const PRET = 0x50; /* 'P' : démarré, il attend un client */
const ACCEPTE = 0x41; /* 'A' : il a accepté un client */
const FINI = 0x46; /* 'F' : il l'a servi, il attend le suivant */

function signaler(octet: number): void {
  send(VERS_LE_PERE, Uint8Array.of(octet), 1, 0); /* -1 si le père est parti : continuer */
}

/* Le fils : un client après l'autre, jusqu'à la fin de fichier du père */
function fils(): never {
  let sock: number, ret: number;

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };
  const fds: pollfd[] = [
    { fd: SOCKET_D_ECOUTE, events: POLLIN, revents: 0 },
    { fd: VERS_LE_PERE, events: POLLIN, revents: 0 },
  ];

  signaler(PRET);
  while (true) {
    if (poll(fds, 2, -1) === -1) {
      if (errno === EINTR) continue;
      perror('poll');
      exit(1);
    }
    if (fds[1].revents !== 0) exit(0); /* fin de fichier : le père est parti ou le congédie */
    if (!(fds[0].revents & POLLIN)) continue;

    len_src_addr.value = sizeof(src_addr);
    if ((sock = accept(/* ..... */ SOCKET_D_ECOUTE, src_addr, len_src_addr)) === -1) {
      if (errno === EAGAIN || errno === EWOULDBLOCK) continue; /* un autre fils l'a eu */
      perror('accept');
      exit(1);
    }

    signaler(ACCEPTE); /* "Connexion acceptée !" : le père l'écrit */
    while ((ret = servir_requete(sock)) > 0) {
      /* une requête servie */
    }
    fin_de_connexion(sock, ret);
    signaler(FINI);
  }
}

/* Un fils vu du père : son état d'après ses octets ; « congé » quand le père
 * lui a dit de partir (il peut encore finir un client accepté entre-temps). */
interface Fils {
  versLeFils: Socket; /* son descripteur 4, vu du père (stdio[4] de spawn) */
  etat: 'demarrage' | 'libre' | 'occupe' | 'conge';
  libreDepuis: number;
}

function main(argc: number, argv: string[]): void {
  let arret = false;
  const pool = new Set<Fils>();

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_fork');
  }

  /* SOCK_CLOEXEC : le fils ne l'a qu'où spawn la lui donne (voir l'en-tête) */
  const s = ouvrir_serveur(argv[1], SOCK_NONBLOCK | SOCK_CLOEXEC);

  const combien = (etat: Fils['etat']): number => {
    let n = 0;
    for (const f of pool) if (f.etat === etat) n++;
    return n;
  };

  /* Moins de MIN_LIBRES fils libres ou en démarrage : en lancer d'autres,
   * au moins la moitié du nombre de fils occupés (le pool croît de moitié
   * à chaque fois que tous ses fils sont pris), sans dépasser MAX_FILS. */
  const entretenir = (): void => {
    if (arret) return;
    const libres = combien('libre') + combien('demarrage');
    if (libres >= MIN_LIBRES) return;
    const n = Math.min(
      MAX_FILS - pool.size,
      Math.max(MIN_LIBRES - libres, Math.ceil(combien('occupe') / 2)),
    );
    for (let i = 0; i < n; i++) lancer_fils();
  };

  /* Chaque seconde : les fils libres au-delà de MAX_LIBRES, libres depuis
   * DELAI_INACTIF, sont congédiés (les plus anciens d'abord). shutdown du
   * côté du père, qui continue de lire : un octet ACCEPTE déjà en route
   * (le fils a pu accepter un client entre-temps) est lu et affiché. */
  const congedier = (): void => {
    const maintenant = Date.now();
    const libres = [...pool]
      .filter((f) => f.etat === 'libre')
      .sort((a, b) => a.libreDepuis - b.libreDepuis);
    for (let i = 0; i < libres.length - MAX_LIBRES; i++) {
      if (maintenant - libres[i].libreDepuis < DELAI_INACTIF) break;
      libres[i].etat = 'conge';
      libres[i].versLeFils.end();
    }
  };

  /* Un fils de plus : ce même programme, avec --fils */
  const lancer_fils = (): void => {
    const child = spawn(process.execPath, [__filename, '--fils'], {
      stdio: ['ignore', 'inherit', 'inherit', s, 'pipe'],
    });
    const versLeFils = child.stdio[4] as Socket;
    const f: Fils = { versLeFils, etat: 'demarrage', libreDepuis: 0 };
    pool.add(f);
    child.on('error', (e) => {
      fprintf(stderr, 'fork: %s\n', e.message);
      exit(1);
    });
    /* Le fils congédié a pu partir avant le shutdown : son exit suffit. */
    versLeFils.on('error', () => undefined);
    versLeFils.on('data', (octets: Buffer) => {
      for (const octet of octets) {
        if (octet === ACCEPTE) {
          puts('Connexion acceptée !');
          puts('En attente de connexion...');
        }
        if (f.etat === 'conge') continue;
        if (octet === ACCEPTE) f.etat = 'occupe';
        else {
          f.etat = 'libre'; /* PRET, FINI */
          f.libreDepuis = Date.now();
        }
      }
      entretenir();
    });
    child.on('exit', (status, signal) => {
      pool.delete(f);
      if (arret) return;
      if (f.etat === 'demarrage') {
        fprintf(stderr, 'fork: un fils est mort au démarrage (%s)\n', signal ?? String(status));
        arret = true;
        exit(1);
      }
      entretenir(); /* un fils mort : le remplacer s'il en manque */
    });
  };

  for (let i = 0; i < NB_DEPART; i++) lancer_fils();
  setInterval(congedier, 1000);

  puts('En attente de connexion...');
  process.on('exit', () => (arret = true));
}

if (process.argv[2] === '--fils') {
  fils();
} else {
  const argv = process.argv.slice(1);
  main(argv.length, argv);
}
