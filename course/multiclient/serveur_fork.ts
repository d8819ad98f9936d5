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
 * puis exec aussitôt, dans libuv).
 *
 * Ce que fait ce serveur à la place :
 *  - le père accepte comme serveur_fork.c, puis lance un fils avec
 *    spawn(node, [ce fichier, '--fils'], { stdio: ['ignore', 'inherit',
 *    'inherit', sock] }) : la socket du client est donnée au fils comme son
 *    descripteur 3 (libuv la duplique avec dup2 entre fork et exec), ses
 *    sorties sont celles du père ;
 *  - le fils, ce même programme lancé avec --fils, sert le client sur le
 *    descripteur 3 (la boucle recv/send bloquante de service.ts), le ferme,
 *    écrit "Fin de connexion !" et se termine. Il n'hérite pas de la socket
 *    d'écoute : spawn ne transmet que les descripteurs de stdio (libuv crée
 *    les siens avec FD_CLOEXEC), il n'a donc pas à la fermer ;
 *  - le père ferme sa copie de la socket du client et attend le suivant
 *    avec l'accept de bsd-sockets/promises : sa boucle d'événements reste
 *    libre pour recueillir les fils terminés (libuv fait waitpid à leur
 *    SIGCHLD), ce que fait signal(SIGCHLD, SIG_IGN) dans serveur_fork.c.
 *    Avec l'accept bloquant, les fils terminés resteraient zombies.
 * Chaque fils est un processus Node complet : quelques dizaines de
 * mégaoctets et de millisecondes au démarrage, là où fork ne copie que des
 * tables de pages.
 */
import { spawn } from 'node:child_process';

import { close, perror, sizeof } from 'bsd-sockets';
import type { sockaddr_storage, socklen_t } from 'bsd-sockets';
import { accept } from 'bsd-sockets/promises';

import { _IOLBF, exit, fprintf, puts, setvbuf, stderr, stdout } from '../lib/libc';
import { fin_de_connexion, ouvrir_serveur, servir_requete, usage } from './service';

/* Le descripteur où le père met la socket du client (stdio[3]) */
const SOCKET_DU_CLIENT = 3;

/* Le fils : son client, puis exit */
function fils(): never {
  let ret: number;

  while ((ret = servir_requete(SOCKET_DU_CLIENT)) > 0) {
    /* une requête servie */
  }
  fin_de_connexion(SOCKET_DU_CLIENT, ret);
  exit(0);
}

async function main(argc: number, argv: string[]): Promise<number> {
  let sock: number;

  const src_addr: sockaddr_storage = {};
  const len_src_addr: socklen_t = { value: 0 };

  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage('serveur_fork');
  }

  const s = ouvrir_serveur(argv[1], 0);

  while (true) {
    /* boucle du serveur */
    puts('En attente de connexion...');

    len_src_addr.value = sizeof.sockaddr_storage;
    try {
      sock = await accept(s, src_addr, len_src_addr);
    } catch (e) {
      perror('accept', e);
      exit(1);
    }

    puts('Connexion acceptée !');

    /* pid = fork(); if (pid == 0) { ... } : un nouveau programme, le fils */
    const child = spawn(process.execPath, [__filename, '--fils'], {
      stdio: ['ignore', 'inherit', 'inherit', sock],
    });
    child.on('error', (e) => {
      fprintf(stderr, 'fork: %s\n', e.message);
      exit(1);
    });

    /* le père */
    try {
      close(sock);
    } catch (e) {
      perror('close', e);
      exit(1);
    }
  } /* fin boucle principale du serveur */
}

if (process.argv[2] === '--fils') {
  fils();
} else {
  const argv = process.argv.slice(1);
  void main(argv.length, argv).then(exit);
}
