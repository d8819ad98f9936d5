/*
 * echo_cli_select.ts - the echo client over select(2): stdin and the socket watched
 * together, what stdin gives sent to the server, what the server sends printed; at the end
 * of stdin, shutdown(SHUT_WR) and the rest of the echo read until the server closes.
 *
 * usage: echo_cli_select address port
 */
import { AF_INET, FD_CLR, FD_ISSET, FD_SET, FD_ZERO, SHUT_WR, SOCK_STREAM } from 'bsd-sockets/c';
import { connect, fd_set, htons, inet_pton, perror, read, select } from 'bsd-sockets/c';
import { shutdown, sizeof, socket, write } from 'bsd-sockets/c';
import { atoi, exit, fileno, fprintf, stderr, stdin, stdout } from 'bsd-sockets/libc';
import type { FILE } from 'bsd-sockets/libc';

import { writen } from './readwrite';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

function str_cli(fp: FILE, sockfd: number): void {
  let maxfdp1: number,
    stdineof = 0;
  const rset = new fd_set();
  const buf = char_array(MAXLINE);
  let n: number;

  FD_ZERO(rset);
  for (;;) {
    if (stdineof === 0) FD_SET(fileno(fp), rset);
    FD_SET(sockfd, rset);
    maxfdp1 = (fileno(fp) > sockfd ? fileno(fp) : sockfd) + 1;
    if (select(maxfdp1, rset, null, null, null) === -1) {
      perror('select');
      exit(1);
    }
    if (FD_ISSET(sockfd, rset)) {
      if ((n = read(sockfd, buf, MAXLINE)) === -1) {
        perror('read');
        exit(1);
      }
      if (n === 0) {
        if (stdineof === 1) return;
        fprintf(stderr, 'str_cli: server terminated prematurely\n');
        exit(1);
      }
      if (write(fileno(stdout), buf, n) !== n) perror('write');
    }
    if (FD_ISSET(fileno(fp), rset)) {
      if ((n = read(fileno(fp), buf, MAXLINE)) === 0) {
        stdineof = 1;
        shutdown(sockfd, SHUT_WR);
        FD_CLR(fileno(fp), rset);
        continue;
      }
      if (writen(sockfd, buf, n) !== n) perror('writen');
    }
  }
}

export function main(argc: number, argv: string[]): number {
  let sockfd: number;
  const servaddr = new sockaddr_in();

  if (argc !== 3) {
    fprintf(stderr, 'usage: %s address port\n', argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  memset(servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], servaddr.sin_addr);
  if (connect(sockfd, servaddr, sizeof(servaddr)) === -1) {
    perror('connect');
    exit(1);
  }
  str_cli(stdin, sockfd);
  exit(0);
}
