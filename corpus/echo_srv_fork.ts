/*
 * echo_srv_fork.ts - a TCP echo server, one child process per client: each line the client
 * sends comes back to it, read with readline and written with writen.
 *
 * usage: echo_srv_fork port
 *
 * fork() is not offered yet (issue 20, item 8): until it is, the parent serves each client
 * itself, one at a time, where the C forks a child; the trace differs by the fork, the
 * child's close(listenfd) and its exit, and the corpus's trace test says so.
 */
import { AF_INET, INADDR_ANY, SOCK_STREAM, accept, bind, close, htonl, htons } from 'bsd-sockets/c';
import { listen, perror, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { atoi, exit, fprintf, stderr } from 'bsd-sockets/libc';

import { readline, writen } from './readwrite';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

function str_echo(sockfd: number): void {
  let n: number;
  const line = char_array(MAXLINE);

  while ((n = readline(sockfd, line, MAXLINE)) > 0) {
    if (writen(sockfd, line, n) !== n) {
      perror('writen');
      return;
    }
  }
  if (n === -1) perror('readline');
}

export function main(argc: number, argv: string[]): number {
  let listenfd: number, connfd: number;
  const clilen: socklen_t = { value: 0 };
  const cliaddr = new sockaddr_in(),
    servaddr = new sockaddr_in();

  if (argc !== 2) {
    fprintf(stderr, 'usage: %s port\n', argv[0]);
    exit(1);
  }
  if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  memset(servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
  servaddr.sin_port = htons(atoi(argv[1]));
  if (bind(listenfd, servaddr, sizeof(servaddr)) === -1) {
    perror('bind');
    exit(1);
  }
  if (listen(listenfd, 5) === -1) {
    perror('listen');
    exit(1);
  }
  for (;;) {
    clilen.value = sizeof(cliaddr);
    if ((connfd = accept(listenfd, cliaddr, clilen)) === -1) {
      perror('accept');
      exit(1);
    }
    /* no fork (see above): the parent is the child */
    str_echo(connfd);
    close(connfd);
  }
}
