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
import { AF_UNSPEC, SOCK_STREAM, close, connect, freeaddrinfo, gai_strerror } from 'bsd-sockets/c';
import { getaddrinfo, perror, recv, send, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr } from 'bsd-sockets/c';
import { EXIT_FAILURE, _IOLBF, exit, fgets, fprintf } from 'bsd-sockets/libc';
import { memset } from 'bsd-sockets/libc';
import { puts, setvbuf, stderr, stdin, stdout, strlen } from 'bsd-sockets/libc';
import { addrinfo, sizeof } from 'bsd-sockets/c';
import { char_array } from 'bsd-sockets/libc';

const LINE_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client hostname port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  let s: number, ret: number;

  const hints = new addrinfo();
  const res: addrinfo_ptr = { value: null }; /* &result */

  const msg = char_array(LINE_MAX);
  const response = char_array(LINE_MAX);

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc !== 3) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage();
  }

  memset(hints, 0, sizeof.addrinfo);

  hints.ai_flags = 0;
  hints.ai_family = /* ..... la famille */ AF_UNSPEC; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0; /* Any protocol */

  ret = getaddrinfo(/* ..... nom, service, indications, résultat */ argv[1], argv[2], hints, res);
  if (ret !== 0) {
    fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(ret));
    exit(EXIT_FAILURE);
  }
  const result = res.value!;

  /* Création de la socket IPv4/IPv6 */
  if ((s = socket(/* ..... */ result.ai_family, result.ai_socktype, result.ai_protocol)) === -1) {
    perror('socket');
    exit(1);
  }

  /* Connexion au serveur */
  if (connect(/* ..... */ s, result.ai_addr, result.ai_addrlen)) {
    perror('connect');
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
    if (send(/* ..... */ s, msg, strlen(msg) + 1, 0) !== strlen(msg) + 1) {
      perror('send');
      exit(1);
    }

    /* Attente et lecture de la réponse */
    ret = recv(/* ..... socket, tampon, taille, options */ s, response, LINE_MAX - 1, 0);

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

  if (close(s) === -1) {
    perror('close');
    exit(1);
  }

  return 0;
}
