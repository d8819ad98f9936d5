/*
 * serveur_ipv4.ts - portage TypeScript de serveur_ipv4.c (serveur UDP IPv4).
 *
 * usage : node dist/course/udp_ipv4/serveur_ipv4.js port
 *
 * Même programme que serveur_ipv4.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées aux slides). Ce que TypeScript
 * change : voir client_ipv4.ts (exceptions au lieu de -1, struct en objets,
 * boîte socklen_t pour &len, stdio synchrone de ../lib/libc).
 */
import {
  AF_INET,
  INADDR_ANY,
  SOCK_DGRAM,
  bind,
  htonl,
  htons,
  perror,
  recvfrom,
  sendto,
  sizeof,
  socket,
} from 'bsd-sockets';
import type { sockaddr_in, socklen_t } from 'bsd-sockets';

import {
  _IOLBF,
  atoi,
  exit,
  fprintf,
  libc_start_main,
  setvbuf,
  stderr,
  stdout,
  strlen,
  toupper,
} from '../lib/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : serveur_ipv4 port\n');
  exit(1);
}

function main(argc: number, argv: string[]): number {
  const addr = {} as sockaddr_in,
    src_addr = {} as sockaddr_in;
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

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

  /* Création de la socket IPv4 */
  try {
    s = socket(AF_INET, SOCK_DGRAM, 0);
  } catch (e) {
    perror('socket', e);
    exit(1);
  }

  /* Attachement de la socket */
  addr.sin_family = AF_INET;
  addr.sin_addr = { s_addr: htonl(INADDR_ANY) };
  addr.sin_port = htons(atoi(argv[1]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  addr.sin_zero = new Uint8Array(8); /* memset(sin_zero, '\0') */

  try {
    bind(s, addr);
  } catch (e) {
    perror('bind', e);
    exit(1);
  }

  while (true) {
    /* Attente et lecture d'une requête */
    len_src_addr.value = sizeof.sockaddr_in;
    try {
      ret = recvfrom(s, request, DGRAM_MAX - 1, 0, src_addr, len_src_addr);
    } catch (e) {
      perror('recvfrom', e);
      exit(1);
    }
    request[ret] = 0;

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
