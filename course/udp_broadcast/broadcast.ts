/*
 * broadcast.ts - portage TypeScript de broadcast.c (diffusion UDP IPv4).
 *
 * usage : node dist/course/udp_broadcast/broadcast.js [-n] adresse port
 *     -n : ne pas activer SO_BROADCAST (pour observer l'erreur EACCES)
 *
 * Même programme que broadcast.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait). Ce que TypeScript change : voir client_ipv4.ts ; en plus,
 * setsockopt prend la valeur elle-même (un nombre pour un int, un objet
 * { tv_sec, tv_usec } pour une struct timeval) et en déduit optlen, et le
 * test de errno après recvfrom passe par failed(e) (-1 et errno, comme en C).
 */
import {
  AF_INET,
  EAGAIN,
  EWOULDBLOCK,
  SOCK_DGRAM,
  SOL_SOCKET,
  SO_BROADCAST,
  SO_RCVTIMEO,
  as_in_addr,
  gethostbyname,
  herror,
  htons,
  inet_ntoa,
  ntohs,
  perror,
  recvfrom,
  sendto,
  setsockopt,
  sizeof,
  socket,
} from 'bsd-sockets';
import type { hostent, sockaddr_in, socklen_t, timeval } from 'bsd-sockets';

import {
  _IOLBF,
  atoi,
  char_array,
  errno,
  exit,
  failed,
  fprintf,
  libc_start_main,
  printf,
  setvbuf,
  stderr,
  stdout,
  strcmp,
  strlen,
} from '../lib/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */
const DELAI = 2; /* secondes d'attente sans réponse avant de finir */

function usage(): never {
  fprintf(stderr, 'usage : broadcast [-n] adresse port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  const dst_addr = {} as sockaddr_in,
    src_addr = {} as sockaddr_in;
  let hostent: hostent | null;
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };
  let diffusion = 1; /* activer SO_BROADCAST ? (non avec -n) */
  let nb_reponses = 0;

  const response = new Uint8Array(DGRAM_MAX);

  const msg = char_array('Hello');

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc et un programme tué perdrait sa sortie. */
  setvbuf(stdout, null, _IOLBF, 0);

  /* Vérification des arguments */
  if (argc > 1 && strcmp(argv[1], '-n') === 0) {
    diffusion = 0;
    argv = argv.slice(1); /* argv++ */
    argc--;
  }
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

  /* Activer la possibilité de diffuser (broadcast) */
  if (diffusion) {
    const on = 1;
    try {
      setsockopt(s, SOL_SOCKET, SO_BROADCAST, on);
    } catch (e) {
      perror('setsockopt', e);
      exit(1);
    }
  }

  /* Attente des réponses limitée à DELAI secondes */
  {
    const delai = {} as timeval;
    delai.tv_sec = DELAI;
    delai.tv_usec = 0;
    try {
      setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, delai);
    } catch (e) {
      perror('setsockopt', e);
      exit(1);
    }
  }

  /* Récupération de l'adresse IPv4 de diffusion */
  if ((hostent = gethostbyname(argv[1])) === null) {
    herror('gethostbyname');
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = AF_INET;
  dst_addr.sin_port = htons(atoi(argv[2]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  dst_addr.sin_addr = as_in_addr(hostent.h_addr_list[0]); /* *((struct in_addr *)hostent->h_addr) */
  dst_addr.sin_zero = new Uint8Array(8); /* memset(sin_zero, '\0') */

  /* Émission du datagramme (EACCES si SO_BROADCAST n'est pas activée) */
  try {
    sendto(s, msg, strlen(msg) + 1, 0, dst_addr);
  } catch (e) {
    perror('sendto', e);
    exit(1);
  }

  /* Lecture de toutes les réponses, jusqu'au délai sans réponse */
  while (true) {
    len_src_addr.value = sizeof.sockaddr_in;
    try {
      ret = recvfrom(s, response, DGRAM_MAX - 1, 0, src_addr, len_src_addr);
    } catch (e) {
      ret = failed(e); /* -1, et errno, comme en C */
    }
    if (ret === -1) {
      if (errno === EAGAIN || errno === EWOULDBLOCK) break; /* délai écoulé : plus de réponse */
      perror('recvfrom');
      exit(1);
    }
    response[ret] = 0;

    printf(
      'Réponse de %s:%d : %s\n',
      inet_ntoa(src_addr.sin_addr),
      ntohs(src_addr.sin_port),
      response,
    );
    nb_reponses++;
  }

  printf('%d réponse(s) reçue(s)\n', nb_reponses);

  return 0;
}

libc_start_main(main);
