/*
 * client.ts - portage TypeScript de client.c (client UDP IPv4 ou IPv6).
 *
 * usage : node dist/course/udp_ipv6/client.js hostname port
 *
 * Même programme que client.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait). Ce que TypeScript change : voir ../udp_ipv4/client_ipv4.ts ; en plus,
 * getaddrinfo renvoie la liste (ou lève une exception dont errno est le code
 * EAI_* que le C reçoit en retour), et sendto calcule ai_addrlen d'après
 * ai_addr.
 */
import {
  AF_UNSPEC,
  SOCK_DGRAM,
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
  char_array,
  exit,
  fprintf,
  gai_failed,
  libc_start_main,
  puts,
  setvbuf,
  stderr,
  stdout,
  strlen,
} from '../lib/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client hostname port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  const src_addr: sockaddr_storage = {};
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

  const hints: addrinfo_hints = {};
  let result: addrinfo;

  const response = new Uint8Array(DGRAM_MAX);

  const msg = char_array('Hello');

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
  hints.ai_socktype = SOCK_DGRAM; /* Datagram socket */
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

  /* Émission du datagramme (avec le '\0' final) */
  try {
    sendto(s, msg, strlen(msg) + 1, 0, result.ai_addr);
  } catch (e) {
    perror('sendto', e);
    exit(1);
  }

  freeaddrinfo(result); /* result ne sert plus */

  /* Attente et lecture de la réponse */
  len_src_addr.value = sizeof.sockaddr_storage;
  try {
    ret = recvfrom(s, response, DGRAM_MAX - 1, 0, src_addr, len_src_addr);
  } catch (e) {
    perror('recvfrom', e);
    exit(1);
  }
  response[ret] = 0;

  /* Traitement de la réponse */
  puts(response);

  return 0;
}

libc_start_main(main);
