/*
 * hostbyaddr.ts - portage TypeScript de hostbyaddr.c (TP, exercice 1.1,
 * question 2 : adresse IP -> nom).
 *
 * usage: node dist/course/resolution/hostbyaddr.js addr
 *
 * Même programme que hostbyaddr.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait et les corrections apportées au TP). Ce que TypeScript change :
 * voir hostbyname.ts ; gethostbyaddr prend la struct in_addr elle-même,
 * dont il lit les octets comme le C les lui passe avec (char *)&addr.
 */
import { AF_INET, INADDR_NONE, as_in_addr, gethostbyaddr, herror, sizeof } from 'bsd-sockets/c';
import { inet_addr, inet_ntoa } from 'bsd-sockets/c';
import type { hostent } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, printf, setvbuf, stderr } from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';
import { in_addr } from 'bsd-sockets/c';

export function main(argc: number, argv: string[]): number {
  let host: hostent | null;
  const addr = new in_addr();
  let i: number;

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc. */
  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'usage: %s addr\n', argv[0]);
    exit(1);
  }
  addr.s_addr = /* ..... l'adresse, en ordre réseau */ inet_addr(argv[1]);
  if (addr.s_addr === INADDR_NONE) {
    /* correction : adresse invalide */
    fprintf(stderr, '%s: adresse invalide %s\n', argv[0], argv[1]);
    exit(1);
  }
  host = gethostbyaddr(/* ..... */ addr, sizeof(addr), AF_INET);
  if (host === null) {
    /* correction : adresse inconnue */
    herror('gethostbyaddr');
    exit(1);
  }
  printf('Nom officiel : %s\n', host.h_name);
  for (i = 0; host.h_aliases[i] !== null; i++) printf('Alias : %s\n', host.h_aliases[i]);
  for (i = 0; host.h_addr_list[i] !== null; i++)
    printf('Adresse : %s\n', /* ..... */ inet_ntoa(as_in_addr(host.h_addr_list[i]!)));
  return 0;
}
