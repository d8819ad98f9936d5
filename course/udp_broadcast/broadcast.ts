/*
 * broadcast.ts - portage TypeScript de broadcast.c (diffusion UDP IPv4).
 *
 * usage : node dist/course/udp_broadcast/broadcast.js [-n] adresse port
 *     -n : ne pas activer SO_BROADCAST (pour observer l'erreur EACCES)
 *
 * Même programme que broadcast.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait). Ce que TypeScript change : voir ../udp_ipv4/client_ipv4.ts ;
 * en plus, setsockopt prend la valeur elle-même (un nombre pour un int, un
 * objet { tv_sec, tv_usec } pour une struct timeval) et en déduit optlen.
 */
import { AF_INET, EAGAIN, EWOULDBLOCK, SOCK_DGRAM, SOL_SOCKET, SO_BROADCAST } from 'bsd-sockets/c';
import { SO_RCVTIMEO, as_in_addr, errno, gethostbyname, herror, htons, ntohs } from 'bsd-sockets/c';
import { perror, recvfrom, sendto, setsockopt, sizeof, socket } from 'bsd-sockets/c';
import { inet_ntoa } from 'bsd-sockets/c';
import type { hostent, socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, char_array, exit, fprintf, memset, printf } from 'bsd-sockets/libc';
import { setvbuf, stderr, stdout, strcmp, strlen } from 'bsd-sockets/libc';
import { sockaddr_in, timeval } from 'bsd-sockets/c';

const DGRAM_MAX = 1024; /* taille MAX en réception */
const DELAI = 2; /* secondes d'attente sans réponse avant de finir */

function usage(): never {
  fprintf(stderr, 'usage : broadcast [-n] adresse port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  const dst_addr = new sockaddr_in(),
    src_addr = new sockaddr_in();
  let hostent: hostent | null;
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };
  let diffusion = 1; /* activer SO_BROADCAST ? (non avec -n) */
  let nb_reponses = 0;

  const response = char_array(DGRAM_MAX);

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
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }

  /* Activer la possibilité de diffuser (broadcast) */
  if (diffusion) {
    const on = 1;
    if (setsockopt(/* ..... */ s, SOL_SOCKET, SO_BROADCAST, on, sizeof(on)) === -1) {
      perror('setsockopt');
      exit(1);
    }
  }

  /* Attente des réponses limitée à DELAI secondes */
  {
    const delai = new timeval();
    delai.tv_sec = DELAI;
    delai.tv_usec = 0;
    if (setsockopt(/* ..... */ s, SOL_SOCKET, SO_RCVTIMEO, delai, sizeof(delai)) === -1) {
      perror('setsockopt');
      exit(1);
    }
  }

  /* Récupération de l'adresse IPv4 de diffusion */
  if ((hostent = gethostbyname(/* ..... le nom */ argv[1])) === null) {
    herror('gethostbyname');
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = /* ..... la famille */ AF_INET;
  dst_addr.sin_port = htons(atoi(argv[2]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  dst_addr.sin_addr = as_in_addr(hostent.h_addr!); /* *((struct in_addr *)hostent->h_addr) */
  memset(dst_addr.sin_zero!, 0, sizeof(dst_addr.sin_zero!));

  /* Émission du datagramme (EACCES si SO_BROADCAST n'est pas activée) */
  if (sendto(/* ..... */ s, msg, strlen(msg) + 1, 0, dst_addr, sizeof(dst_addr)) === -1) {
    perror('sendto');
    exit(1);
  }

  /* Lecture de toutes les réponses, jusqu'au délai sans réponse */
  while (true) {
    len_src_addr.value = sizeof(src_addr);
    if ((ret = recvfrom(s, response, DGRAM_MAX - 1, 0, src_addr, len_src_addr)) === -1) {
      if (errno === EAGAIN || errno === EWOULDBLOCK) break; /* délai écoulé : plus de réponse */
      perror('recvfrom');
      exit(1);
    }
    response[ret] = 0;

    printf(
      'Réponse de %s:%d : %s\n',
      /* ..... */ inet_ntoa(src_addr.sin_addr),
      /* ..... */ ntohs(src_addr.sin_port),
      response,
    );
    nb_reponses++;
  }

  printf('%d réponse(s) reçue(s)\n', nb_reponses);

  return 0;
}
