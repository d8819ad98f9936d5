/*
 * service.ts - portage TypeScript de service.h : la socket d'écoute et le
 * service d'une requête, communs aux serveurs multi-clients (voir service.h
 * pour ce qui change par rapport à tcp/serveur.c).
 *
 * Mêmes fonctions, mêmes appels dans le même ordre. Node ignore déjà
 * SIGPIPE : il n'y a pas de signal(SIGPIPE, SIG_IGN) à faire.
 */
import { AF_INET6, AI_PASSIVE, SOCK_STREAM, SOMAXCONN, bind, close } from 'bsd-sockets/c';
import { freeaddrinfo, gai_strerror, getaddrinfo, listen, perror, recv } from 'bsd-sockets/c';
import { send, set_errno, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr } from 'bsd-sockets/c';
import { EXIT_FAILURE, exit, fprintf, stderr, strlen, toupper } from 'bsd-sockets/libc';
import { memset } from 'bsd-sockets/libc';
import { addrinfo, sizeof } from 'bsd-sockets/c';
import { char_array } from 'bsd-sockets/libc';

export const REQUEST_MAX = 1024; /* taille MAX en réception */

export function usage(programme: string): never {
  fprintf(stderr, 'usage : %s port\n', programme);
  exit(1);
}

/* La socket d'écoute de tcp/serveur.c ; `drapeaux` s'ajoute au type de la
 * socket (SOCK_NONBLOCK pour le serveur 6, 0 pour les autres). */
export function ouvrir_serveur(port: string, drapeaux: number): number {
  const hints = new addrinfo();
  const res: addrinfo_ptr = { value: null }; /* &result */
  let s: number, ret: number;

  memset(hints, 0, sizeof.addrinfo);
  hints.ai_flags = AI_PASSIVE; /* Equiv INADDR_ANY */
  hints.ai_family = AF_INET6; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0; /* Any protocol */

  ret = getaddrinfo(null, port, hints, res);
  if (ret !== 0) {
    fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(ret));
    exit(EXIT_FAILURE);
  }
  const result = res.value!;

  if ((s = socket(result.ai_family, result.ai_socktype | drapeaux, result.ai_protocol)) === -1) {
    perror('socket');
    exit(1);
  }

  if (bind(s, result.ai_addr, result.ai_addrlen) === -1) {
    perror('bind');
    exit(1);
  }

  freeaddrinfo(result);

  if (listen(s, SOMAXCONN)) {
    perror('listen');
    exit(1);
  }
  return s;
}

/* Met en majuscules la requête reçue (n octets dans request) et renvoie la
 * longueur de la réponse, '\0' final compris. */
export function majuscules(request: Uint8Array, n: number): number {
  let i = 0;

  request[n] = 0;
  while (request[i]) {
    request[i] = toupper(request[i]);
    ++i;
  }
  return strlen(request) + 1;
}

const request = char_array(REQUEST_MAX);

/* Un tour de la boucle de traitement du client : recv, majuscules, send.
 * Renvoie ce que recv a renvoyé (> 0, 0, ou -1 avec errno), ou -2 si le
 * send a échoué (perror("send") déjà affiché). */
export function servir_requete(sock: number): number {
  let ret: number;

  if ((ret = recv(sock, request, REQUEST_MAX - 1, 0)) <= 0) return ret;
  const len = majuscules(request, ret);

  /* Émission de la réponse (avec le '\0' final) */
  if (send(sock, request, len, 0) !== len) {
    perror('send');
    return -2;
  }
  return ret;
}

/* La fin d'un client : close, "Fin de connexion !" et, si recv a échoué
 * (ret === -1), perror("recv") — pour serveur_async.ts, avec l'errno de son
 * recv (`erreur`) : d'autres appels ont pu changer errno entre-temps. */
export function fin_de_connexion(sock: number, ret: number, erreur?: number): void {
  if (close(sock) === -1) {
    perror('close');
    exit(1);
  }

  fprintf(stderr, 'Fin de connexion !\n');
  if (ret === -1) {
    if (erreur !== undefined) set_errno(erreur);
    perror('recv');
  }
}
