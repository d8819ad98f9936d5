/*
 * serveur.ts - portage TypeScript de serveur.c (serveur UDP double pile).
 *
 * usage : node dist/course/udp_ipv6/serveur.js port
 *
 * Même programme que serveur.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait). Ce que TypeScript change : voir client.ts. La réponse part vers
 * src_addr avec la longueur que recvfrom a donnée (len_src_addr : 28 pour
 * sockaddr_in6), celle que sendto calcule d'après ses champs.
 */
import {
  AF_INET6,
  AI_PASSIVE,
  SOCK_DGRAM,
  bind,
  freeaddrinfo,
  gai_strerror,
  getaddrinfo,
  perror,
  recvfrom,
  sendto,
  sizeof,
  socket,
} from 'bsd-sockets';
import type { addrinfo, addrinfo_hints, sockaddr_storage, socklen_t } from 'bsd-sockets';

import {
  EXIT_FAILURE,
  _IOLBF,
  exit,
  fprintf,
  gai_failed,
  libc_start_main,
  puts,
  setvbuf,
  stderr,
  stdout,
  strlen,
  toupper,
} from '../lib/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : serveur port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

  const hints: addrinfo_hints = {};
  let result: addrinfo;

  const src_addr: sockaddr_storage = {};

  const request = new Uint8Array(DGRAM_MAX);

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un serveur tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc !== 2) {
    fprintf(stderr, 'Erreur : Nb args !\n');
    usage();
  }

  hints.ai_flags = AI_PASSIVE; /* For wildcard IP address */
  hints.ai_family = AF_INET6; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = SOCK_DGRAM; /* Datagram socket */
  hints.ai_protocol = 0; /* Any protocol */

  try {
    result = getaddrinfo(null, argv[1], hints);
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

  /* Attachement de la socket */
  try {
    bind(s, result.ai_addr);
  } catch (e) {
    perror('bind', e);
    exit(1);
  }

  freeaddrinfo(result);

  while (true) {
    /* Attente et lecture d'une requête */
    len_src_addr.value = sizeof.sockaddr_storage;
    try {
      ret = recvfrom(s, request, DGRAM_MAX - 1, 0, src_addr, len_src_addr);
    } catch (e) {
      perror('recvfrom', e);
      exit(1);
    }
    request[ret] = 0;

    puts(request);

    /* traitement de la requête (passage en majuscules) */
    {
      let i = 0;

      while (request[i]) {
        request[i] = toupper(request[i]);
        ++i;
      }
    }

    /* Émission du datagramme réponse (dans la boucle : correction) */
    try {
      sendto(s, request, strlen(request) + 1, 0, src_addr);
    } catch (e) {
      perror('sendto', e);
      exit(1);
    }
  }

  return 0;
}

libc_start_main(main);
