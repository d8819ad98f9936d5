/*
 * serveur.ts - portage TypeScript de serveur.c (serveur TCP double pile).
 *
 * usage : node dist/course/tcp/serveur.js port
 *
 * Même programme que serveur.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait et les corrections apportées aux slides). Ce que TypeScript change :
 * voir ../udp_ipv6/serveur.ts. Node ignore SIGPIPE : un send vers un client
 * parti échoue avec EPIPE ("send: Broken pipe", code 1) là où le programme
 * C est tué par SIGPIPE.
 */
import { AF_INET6, AI_PASSIVE, SOCK_STREAM, accept, bind, close } from 'bsd-sockets/c';
import { freeaddrinfo, gai_strerror, getaddrinfo, listen, perror, recv } from 'bsd-sockets/c';
import { send, sizeof, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr, socklen_t } from 'bsd-sockets/c';
import { EXIT_FAILURE, _IOLBF, exit, fprintf, puts } from 'bsd-sockets/libc';
import { memset } from 'bsd-sockets/libc';
import { setvbuf, stderr, stdout, strlen, toupper } from 'bsd-sockets/libc';
import { addrinfo, sockaddr_storage } from 'bsd-sockets/c';
import { char_array } from 'bsd-sockets/libc';

const REQUEST_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : serveur port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  let s: number, sock: number, ret: number;

  const hints = new addrinfo();
  const res: addrinfo_ptr = { value: null }; /* &result */

  const src_addr = new sockaddr_storage();
  const len_src_addr: socklen_t = { value: 0 };

  const request = char_array(REQUEST_MAX);

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un serveur tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage();
  }

  memset(hints, 0, sizeof.addrinfo);

  hints.ai_flags = /* ..... les options */ AI_PASSIVE; /* Equiv INADDR_ANY */
  hints.ai_family = /* ..... la famille */ AF_INET6; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0; /* Any protocol */

  ret = getaddrinfo(/* ..... nom, service, indications, résultat */ null, argv[1], hints, res);
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

  /* Attachement de la socket */
  if (bind(/* ..... socket, adresse, longueur */ s, result.ai_addr, result.ai_addrlen) === -1) {
    perror('bind');
    exit(1);
  }

  freeaddrinfo(result);

  /* définition de la taille de la file d'attente */
  if (listen(/* ..... socket, file d'attente */ s, 5)) {
    perror('listen');
    exit(1);
  }

  while (true) {
    /* boucle du serveur */

    /* Attente d'une connexion */
    puts('En attente de connexion...');

    len_src_addr.value = sizeof(src_addr);
    if ((sock = accept(/* ..... */ s, src_addr, len_src_addr)) === -1) {
      perror('accept');
      exit(1);
    }

    puts('Connexion acceptée !');

    /* boucle de traitement du client */
    while ((ret = recv(/* ..... */ sock, request, REQUEST_MAX - 1, 0)) > 0) {
      request[ret] = 0;

      /* traitement de la requête (passage en majuscules) */
      {
        let i = 0;

        while (request[i]) {
          request[i] = toupper(request[i]);
          ++i;
        }
      }

      /* Émission de la réponse (avec le '\0' final) */
      if (send(/* ..... */ sock, request, strlen(request) + 1, 0) !== strlen(request) + 1) {
        perror('send');
        exit(1);
      }
    } /* fin de la boucle de traitement du client */

    if (close(sock) === -1) {
      perror('close');
      exit(1);
    }

    fprintf(stderr, 'Fin de connexion !\n');
    if (ret === -1) {
      perror('recv');
    }
  } /* fin boucle principale du serveur */

  return 0;
}
