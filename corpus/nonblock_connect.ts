/*
 * nonblock_connect.ts - a connect(2) that does not block: O_NONBLOCK, EINPROGRESS, then
 * select(2) for writability (5 s at most) and SO_ERROR for the outcome; the socket is made
 * blocking again before it is used.
 *
 * usage: nonblock_connect address port
 */
import { AF_INET, EINPROGRESS, FD_ISSET, FD_SET, FD_ZERO, F_GETFL, F_SETFL } from 'bsd-sockets/c';
import {
  O_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_ERROR,
  close,
  connect,
  errno,
} from 'bsd-sockets/c';
import { fcntl, fd_set, getsockopt, htons, inet_pton, perror, select, sizeof } from 'bsd-sockets/c';
import { socket, strerror } from 'bsd-sockets/c';
import type { int_box, socklen_t } from 'bsd-sockets/c';
import { atoi, exit, fprintf, memset, printf, stderr } from 'bsd-sockets/libc';
import { sockaddr_in, struct_assign, timeval } from 'bsd-sockets/c';

export function main(argc: number, argv: string[]): number {
  let sockfd: number, flags: number;
  const error: int_box = { value: 0 };
  const len: socklen_t = { value: 0 };
  const rset = new fd_set(),
    wset = new fd_set();
  const tval = new timeval();
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
  flags = fcntl(sockfd, F_GETFL, 0);
  fcntl(sockfd, F_SETFL, flags | O_NONBLOCK);
  error.value = 0;
  if (connect(sockfd, servaddr, sizeof(servaddr)) === -1) {
    if (errno !== EINPROGRESS) {
      perror('connect');
      exit(1);
    }
    printf('connect: in progress\n');
    FD_ZERO(rset);
    FD_SET(sockfd, rset);
    struct_assign(wset, rset);
    tval.tv_sec = 5;
    tval.tv_usec = 0;
    if (select(sockfd + 1, rset, wset, null, tval) === 0) {
      close(sockfd);
      fprintf(stderr, 'connect: timed out\n');
      exit(1);
    }
    if (FD_ISSET(sockfd, rset) || FD_ISSET(sockfd, wset)) {
      len.value = sizeof(error);
      if (getsockopt(sockfd, SOL_SOCKET, SO_ERROR, error, len) === -1) {
        perror('getsockopt');
        exit(1);
      }
    }
  }
  fcntl(sockfd, F_SETFL, flags); /* blocking again */
  if (error.value) {
    fprintf(stderr, 'connect: %s\n', strerror(error.value));
    exit(1);
  }
  printf('connected\n');
  close(sockfd);
  exit(0);
}
