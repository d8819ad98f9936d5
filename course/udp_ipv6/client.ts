/*
 * client.ts - portage TypeScript de client.c (client UDP IPv4 ou IPv6).
 *
 * usage : node dist/course/udp_ipv6/client.js hostname port
 *
 * Même programme que client.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait). Ce que TypeScript change : voir ../udp_ipv4/client_ipv4.ts ; en plus,
 * la boîte `res` est le &result du C, que getaddrinfo remplit.
 */
import { AF_UNSPEC, SOCK_DGRAM, freeaddrinfo, gai_strerror, getaddrinfo } from 'bsd-sockets/c';
import { perror, recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr, socklen_t } from 'bsd-sockets/c';
import { EXIT_FAILURE, _IOLBF, char_array, exit, fprintf } from 'bsd-sockets/libc';
import { memset } from 'bsd-sockets/libc';
import { puts, setvbuf, stderr, stdout, strlen } from 'bsd-sockets/libc';
import { addrinfo, sockaddr_storage } from 'bsd-sockets/c';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client hostname port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  const src_addr = new sockaddr_storage();
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

  const hints = new addrinfo();
  const res: addrinfo_ptr = { value: null }; /* &result */

  const response = char_array(DGRAM_MAX);

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

  memset(hints, 0, sizeof.addrinfo);

  hints.ai_flags = 0;
  hints.ai_family = /* ..... la famille */ AF_UNSPEC; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_DGRAM; /* Datagram socket */
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

  /* Émission du datagramme (avec le '\0' final) */
  if (sendto(/* ..... */ s, msg, strlen(msg) + 1, 0, result.ai_addr, result.ai_addrlen) === -1) {
    perror('sendto');
    exit(1);
  }

  freeaddrinfo(result); /* result ne sert plus */

  /* Attente et lecture de la réponse */
  len_src_addr.value = sizeof(src_addr);
  if ((ret = recvfrom(/* ..... */ s, response, DGRAM_MAX - 1, 0, src_addr, len_src_addr)) === -1) {
    perror('recvfrom');
    exit(1);
  }
  response[ret] = 0;

  /* Traitement de la réponse */
  puts(response);

  return 0;
}
