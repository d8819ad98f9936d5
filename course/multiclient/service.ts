/*
 * service.ts - portage TypeScript de service.h : la socket d'écoute et le
 * service d'une requête, communs aux serveurs multi-clients (voir service.h
 * pour ce qui change par rapport à tcp/serveur.c).
 *
 * Mêmes fonctions, mêmes appels dans le même ordre. Node ignore déjà
 * SIGPIPE : il n'y a pas de signal(SIGPIPE, SIG_IGN) à faire.
 */
import {
  AF_INET6,
  AI_PASSIVE,
  SOCK_STREAM,
  SOMAXCONN,
  bind,
  close,
  freeaddrinfo,
  gai_strerror,
  getaddrinfo,
  listen,
  perror,
  recv,
  send,
  socket,
} from 'bsd-sockets';
import type { addrinfo, addrinfo_hints } from 'bsd-sockets';

import {
  EXIT_FAILURE,
  exit,
  failed,
  fprintf,
  gai_failed,
  stderr,
  strlen,
  toupper,
} from '../lib/libc';

export const REQUEST_MAX = 1024; /* taille MAX en réception */

export function usage(programme: string): never {
  fprintf(stderr, 'usage : %s port\n', programme);
  exit(1);
}

/* La socket d'écoute de tcp/serveur.c ; `drapeaux` s'ajoute au type de la
 * socket (SOCK_NONBLOCK pour le serveur 6, 0 pour les autres). */
export function ouvrir_serveur(port: string, drapeaux: number): number {
  const hints: addrinfo_hints = {};
  let result: addrinfo;
  let s: number;

  hints.ai_flags = AI_PASSIVE; /* Equiv INADDR_ANY */
  hints.ai_family = AF_INET6; /* Allow IPv4 or IPv6 */
  hints.ai_socktype = SOCK_STREAM; /* Flux => TCP */
  hints.ai_protocol = 0; /* Any protocol */

  try {
    result = getaddrinfo(null, port, hints);
  } catch (e) {
    fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(gai_failed(e)));
    exit(EXIT_FAILURE);
  }

  try {
    s = socket(result.ai_family, result.ai_socktype | drapeaux, result.ai_protocol);
  } catch (e) {
    perror('socket', e);
    exit(1);
  }

  try {
    bind(s, result.ai_addr);
  } catch (e) {
    perror('bind', e);
    exit(1);
  }

  freeaddrinfo(result);

  try {
    listen(s, SOMAXCONN);
  } catch (e) {
    perror('listen', e);
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

const request = new Uint8Array(REQUEST_MAX);

/* Un tour de la boucle de traitement du client : recv, majuscules, send.
 * Renvoie ce que recv a renvoyé (> 0, 0, ou -1 avec errno), ou -2 si le
 * send a échoué (perror("send") déjà affiché). */
export function servir_requete(sock: number): number {
  let ret: number, sent: number;

  try {
    ret = recv(sock, request, REQUEST_MAX - 1, 0);
  } catch (e) {
    return failed(e); /* -1, et errno, comme en C */
  }
  if (ret === 0) return 0;
  const len = majuscules(request, ret);

  /* Émission de la réponse (avec le '\0' final) */
  try {
    sent = send(sock, request, len, 0);
  } catch (e) {
    sent = failed(e);
  }
  if (sent !== len) {
    perror('send');
    return -2;
  }
  return ret;
}

/* La fin d'un client : close, "Fin de connexion !" et, si recv a échoué
 * (ret === -1), perror("recv") — avec l'erreur `e` quand elle est connue
 * (serveur_async.ts : d'autres appels ont pu échouer entre-temps). */
export function fin_de_connexion(sock: number, ret: number, e?: unknown): void {
  try {
    close(sock);
  } catch (err) {
    perror('close', err);
    exit(1);
  }

  fprintf(stderr, 'Fin de connexion !\n');
  if (ret === -1) {
    if (e === undefined) perror('recv');
    else perror('recv', e);
  }
}
