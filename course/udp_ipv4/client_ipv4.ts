/*
 * client_ipv4.ts - portage TypeScript de client_ipv4.c (client UDP IPv4).
 *
 * usage : node dist/course/udp_ipv4/client_ipv4.js hostname port
 *
 * Même programme que client_ipv4.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées aux slides). Ce que TypeScript
 * change :
 *  - un appel qui échoue lève une exception au lieu de renvoyer -1 : le test
 *    `== -1` devient try/catch, et perror(s, e) affiche la ligne de perror(s) ;
 *  - les struct sont des objets aux champs du C ; la longueur d'une adresse
 *    passée au noyau est calculée d'après ses champs (16 pour sockaddr_in) ;
 *    pour une adresse reçue, la boîte socklen_t { value } est le &len du C ;
 *  - stdio (puts, fprintf, exit...) vient de ../lib/libc, synchrone comme en C.
 */
import {
  AF_INET,
  SOCK_DGRAM,
  as_in_addr,
  gethostbyname,
  herror,
  htons,
  perror,
  recvfrom,
  sendto,
  sizeof,
  socket,
} from 'bsd-sockets';
import type { hostent, sockaddr_in, socklen_t } from 'bsd-sockets';

import {
  _IOLBF,
  atoi,
  char_array,
  exit,
  fprintf,
  libc_start_main,
  puts,
  setvbuf,
  stderr,
  stdout,
  strlen,
} from '../lib/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client_ipv4 hostname port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  const dst_addr = {} as sockaddr_in,
    src_addr = {} as sockaddr_in;
  let hostent: hostent | null;
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

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

  /* Création de la socket IPv4 */
  try {
    s = socket(AF_INET, SOCK_DGRAM, 0);
  } catch (e) {
    perror('socket', e);
    exit(1);
  }

  /* Récupération de l'adresse IPv4 du destinataire */
  if ((hostent = gethostbyname(argv[1])) === null) {
    herror('gethostbyname');
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = AF_INET;
  dst_addr.sin_port = htons(atoi(argv[2]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  dst_addr.sin_addr = as_in_addr(hostent.h_addr_list[0]); /* *((struct in_addr *)hostent->h_addr) */
  dst_addr.sin_zero = new Uint8Array(8); /* memset(sin_zero, '\0') */

  /* Émission du datagramme (avec le '\0' final) */
  try {
    sendto(s, msg, strlen(msg) + 1, 0, dst_addr);
  } catch (e) {
    perror('sendto', e);
    exit(1);
  }

  /* Attente et lecture de la réponse */
  len_src_addr.value = sizeof.sockaddr_in;
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
