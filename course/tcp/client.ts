/*
 * client.ts - portage TypeScript de client.c (client TCP IPv4 ou IPv6).
 *
 * usage : node dist/course/tcp/client.js hostname port
 *
 * Même programme que client.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait et les corrections apportées aux slides). Ce que TypeScript change :
 * voir ../udp_ipv6/client.ts ; fgets lit l'entrée standard de façon
 * synchrone (read(2) sur le descripteur 0, comme stdio). Node ignore
 * SIGPIPE : un send vers une connexion fermée échoue avec EPIPE
 * ("send: Broken pipe") là où le programme C est tué par SIGPIPE.
 */
import {
  AF_UNSPEC,
  SOCK_STREAM,
  close,
  connect,
  freeaddrinfo,
  gai_strerror,
  getaddrinfo,
  perror,
  recv,
  send,
  socket,
} from 'bsd-sockets';
import type { addrinfo, addrinfo_hints } from 'bsd-sockets';

import {
  EXIT_FAILURE,
  _IOLBF,
  exit,
  failed,
  fgets,
  fprintf,
  gai_failed,
  libc_start_main,
  puts,
  setvbuf,
  stderr,
  stdin,
  stdout,
  strlen,
} from '../lib/libc';

const LINE_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client hostname port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  let s: number, ret: number;

  const hints: addrinfo_hints = {};
  let result: addrinfo;

  const msg = new Uint8Array(LINE_MAX);
  const response = new Uint8Array(LINE_MAX);

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc !== 3) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage();
  }

  hints.ai_flags = 0;
  hints.ai_family = AF_UNSPEC; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0; /* Any protocol */

  try {
    result = getaddrinfo(argv[1], argv[2], hints);
  } catch (e) {
    ret = gai_failed(e); /* le code EAI_* que getaddrinfo renvoie en C */
    fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(ret));
    exit(EXIT_FAILURE);
  }

  /* Création de la socket IPv4/IPv6 */
  try {
    s = socket(result.ai_family, result.ai_socktype, result.ai_protocol);
  } catch (e) {
    perror('socket', e);
    exit(1);
  }

  /* Connexion au serveur */
  try {
    connect(s, result.ai_addr);
  } catch (e) {
    perror('connect', e);
    exit(1);
  }

  freeaddrinfo(result); /* result ne sert plus */

  while (fgets(msg, LINE_MAX, stdin) !== null) {
    /* retire le '\n' final, s'il y en a un (correction) */
    {
      const len = strlen(msg);
      if (len > 0 && msg[len - 1] === 0x0a /* '\n' */) msg[len - 1] = 0;
    }

    /* Émission (avec le '\0' final) */
    try {
      ret = send(s, msg, strlen(msg) + 1, 0);
    } catch (e) {
      ret = failed(e); /* -1, et errno, comme en C */
    }
    if (ret !== strlen(msg) + 1) {
      perror('send');
      exit(1);
    }

    /* Attente et lecture de la réponse */
    try {
      ret = recv(s, response, LINE_MAX - 1, 0);
    } catch (e) {
      ret = failed(e); /* -1, et errno, comme en C */
    }

    if (ret === 0) {
      fprintf(stderr, 'Déconnexion du serveur !\n');
      exit(1);
    } else if (ret === -1) {
      perror('recv');
      exit(1);
    }
    response[ret] = 0; /* correction : tampon terminé */

    /* Traitement de la réponse */
    puts(response);
  }

  try {
    close(s);
  } catch (e) {
    perror('close', e);
    exit(1);
  }

  return 0;
}

libc_start_main(main);
