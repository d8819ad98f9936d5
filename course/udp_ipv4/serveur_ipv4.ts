/*
 * serveur_ipv4.ts - portage TypeScript de serveur_ipv4.c (serveur UDP IPv4).
 *
 * usage : node dist/course/udp_ipv4/serveur_ipv4.js port
 *
 * Même programme que serveur_ipv4.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées aux slides) ; ce que TypeScript
 * change : voir client_ipv4.ts.
 */
import { AF_INET, INADDR_ANY, SOCK_DGRAM, bind, htonl, htons, perror } from 'bsd-sockets/c';
import { recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { _IOLBF, atoi, exit, fprintf, setvbuf } from 'bsd-sockets/libc';
import { stderr, stdout, strlen, toupper } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : serveur_ipv4 port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  const addr = new sockaddr_in(),
    src_addr = new sockaddr_in();
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

  const request = char_array(DGRAM_MAX);

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
  if ((s = socket(/* ..... domaine, type, protocole */ AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }

  /* Attachement de la socket */
  addr.sin_family = /* ..... la famille */ AF_INET;
  addr.sin_addr.s_addr = /* ..... l'adresse, en ordre réseau */ htonl(INADDR_ANY);
  addr.sin_port = htons(atoi(argv[1]) & 0xffff); /* & 0xffff : la conversion en uint16_t du C */
  memset(addr.sin_zero!, 0, sizeof(addr.sin_zero!));

  if (bind(/* ..... socket, adresse, longueur */ s, addr, sizeof(addr))) {
    perror('bind');
    exit(1);
  }

  while (true) {
    /* Attente et lecture d'une requête */
    len_src_addr.value = sizeof(src_addr);
    if ((ret = recvfrom(/* ..... */ s, request, DGRAM_MAX - 1, 0, src_addr, len_src_addr)) === -1) {
      perror('recvfrom');
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
    if (sendto(s, request, strlen(request) + 1, 0, src_addr, sizeof(src_addr)) === -1) {
      perror('sendto');
      exit(1);
    }
  }

  return 0;
}
