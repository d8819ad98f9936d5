/*
 * serveur.ts - portage TypeScript de serveur.c (serveur UDP IPv4 ou IPv6).
 *
 * usage : node dist/course/udp_ipv6/serveur.js port
 *
 * Même programme que serveur.c, ligne à ligne (voir ce fichier pour ce qu'il
 * fait) ; ce que TypeScript change : voir client.ts.
 */
import { AF_INET6, AI_PASSIVE, SOCK_DGRAM, bind, freeaddrinfo, gai_strerror } from 'bsd-sockets/c';
import { getaddrinfo, perror, recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr, socklen_t } from 'bsd-sockets/c';
import { EXIT_FAILURE, _IOLBF, exit, fprintf, puts } from 'bsd-sockets/libc';
import { memset } from 'bsd-sockets/libc';
import { setvbuf, stderr, stdout, strlen, toupper } from 'bsd-sockets/libc';
import { addrinfo, sockaddr_storage } from 'bsd-sockets/c';
import { char_array } from 'bsd-sockets/libc';

const DGRAM_MAX = 1024; /* taille MAX en réception */

function usage(): never {
  fprintf(stderr, 'usage : serveur port\n');
  exit(1);
}

export function main(argc: number, argv: string[]): number {
  let s: number, ret: number;
  const len_src_addr: socklen_t = { value: 0 };

  const hints = new addrinfo();
  const res: addrinfo_ptr = { value: null }; /* &result */

  const src_addr = new sockaddr_storage();

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

  memset(hints, 0, sizeof.addrinfo);

  hints.ai_flags = /* ..... les options */ AI_PASSIVE; /* For wildcard IP address */
  hints.ai_family = /* ..... la famille */ AF_INET6; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = /* ..... le type de socket */ SOCK_DGRAM; /* Datagram socket */
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

  while (true) {
    /* Attente et lecture d'une requête */
    len_src_addr.value = sizeof(src_addr);
    if ((ret = recvfrom(/* ..... */ s, request, DGRAM_MAX - 1, 0, src_addr, len_src_addr)) === -1) {
      perror('recvfrom');
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

    /* Émission du datagramme réponse (dans la boucle : correction), avec la
     * longueur de l'adresse reçue (len_src_addr), comme le C. */
    if (sendto(s, request, strlen(request) + 1, 0, src_addr, len_src_addr) === -1) {
      perror('sendto');
      exit(1);
    }
  }

  return 0;
}
