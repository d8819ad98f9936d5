/*
 * daytime_srv.ts - a TCP daytime server (RFC 867): to each client, the time as ctime(3)
 * writes it, then "\r\n", then the connection is closed.
 *
 * usage: daytime_srv port
 */
import { AF_INET, INADDR_ANY, SOCK_STREAM, accept, bind, close, htonl, htons } from 'bsd-sockets/c';
import { listen, perror, sizeof, socket, write } from 'bsd-sockets/c';
import { atoi, ctime, exit, fprintf, snprintf, stderr, strlen, time } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

export function main(argc: number, argv: string[]): number {
  let listenfd: number, connfd: number;
  const servaddr = new sockaddr_in();
  const buff = char_array(MAXLINE);
  let ticks: number;

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
    if ((connfd = accept(listenfd, null, null)) === -1) {
      perror('accept');
      exit(1);
    }
    ticks = time(null);
    snprintf(buff, sizeof(buff), '%.24s\r\n', ctime(ticks));
    if (write(connfd, buff, strlen(buff)) === -1) perror('write');
    close(connfd);
  }
}
