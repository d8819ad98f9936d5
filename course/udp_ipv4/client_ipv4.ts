/*
 * client_ipv4.ts - portage TypeScript de client_ipv4.c (client UDP IPv4).
 *
 * usage : node dist/course/udp_ipv4/client_ipv4.js hostname port
 *
 * Même programme que client_ipv4.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées aux slides). Ce que TypeScript
 * change : les struct sont des objets aux champs du C (new sockaddr_in() :
 * la struct à zéro), une boîte socklen_t { value } est le &len du C, un
 * char[N] est char_array(N), un Uint8Array.
 */
import { AF_INET, SOCK_DGRAM, as_in_addr, gethostbyname, herror, htons } from 'bsd-sockets/c';
import { perror, recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { hostent, socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, char_array, exit, fprintf, memset } from 'bsd-sockets/libc';
import { puts, setvbuf, stderr, stdout, strlen } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : client_ipv4 hostname port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  const dst_addr = new sockaddr_in(),
    src_addr = new sockaddr_in();
  let hostent: hostent | null;
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

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

  /* Création de la socket IPv4 */
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }

  /* Récupération de l'adresse IPv4 du destinataire */
  if ((hostent = gethostbyname(/* ..... le nom */ argv[1])) === null) {
    herror('gethostbyname');
    exit(1);
  }

  /* Remplissage de l'adresse du destinataire */
  dst_addr.sin_family = /* ..... la famille */ AF_INET;
  dst_addr.sin_port = htons(atoi(argv[2]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  dst_addr.sin_addr = as_in_addr(hostent.h_addr!); /* *((struct in_addr *)hostent->h_addr) */
  memset(dst_addr.sin_zero!, 0, sizeof(dst_addr.sin_zero!));

  /* Émission du datagramme (avec le '\0' final) */
  if (sendto(/* ..... */ s, msg, strlen(msg) + 1, 0, dst_addr, sizeof(dst_addr)) === -1) {
    perror('sendto');
    exit(1);
  }

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
