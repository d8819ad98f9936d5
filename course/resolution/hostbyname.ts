/*
 * hostbyname.ts - portage TypeScript de hostbyname.c (TP, exercice 1.1,
 * question 1 : nom symbolique -> adresses).
 *
 * usage: node dist/course/resolution/hostbyname.js host
 *
 * Même programme que hostbyname.c, ligne à ligne (voir ce fichier pour ce
 * qu'il fait). Ce que TypeScript change : la struct hostent est un objet ;
 * h_aliases et h_addr_list sont des tableaux, terminés par null comme en C
 * par NULL ; une adresse de h_addr_list est un Uint8Array de
 * h_length octets, que as_in_addr lit comme le cast (struct in_addr *).
 */
import { as_in_addr, gethostbyname, herror } from 'bsd-sockets/c';
import { inet_ntoa } from 'bsd-sockets/c';
import type { hostent } from 'bsd-sockets/c';
import { _IOLBF, exit, fprintf, printf, setvbuf, stderr } from 'bsd-sockets/libc';
import { stdout } from 'bsd-sockets/libc';

export function main(argc: number, argv: string[]): number {
  let host: hostent | null;
  let i: number;

  /* stdout ligne par ligne : les programmes du cours sont faits pour un
   * terminal (où stdout est tamponné par ligne) ; redirigé vers un tube il
   * serait tamponné par bloc. */
  setvbuf(stdout, null, _IOLBF, 0);

  if (argc !== 2) {
    fprintf(stderr, 'usage: %s host\n', argv[0]);
    exit(1);
  }
  host = gethostbyname(/* ..... le nom */ argv[1]);
  if (host === null) {
    /* correction : hôte inconnu */
    herror('gethostbyname');
    exit(1);
  }
  printf('Nom officiel : %s\n', host.h_name);
  for (i = 0; host.h_aliases[i] !== null; i++) printf('Alias : %s\n', host.h_aliases[i]);
  for (i = 0; host.h_addr_list[i] !== null; i++)
    printf('Adresse : %s\n', /* ..... */ inet_ntoa(as_in_addr(host.h_addr_list[i]!)));
  return 0;
}
