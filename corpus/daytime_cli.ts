/*
 * daytime_cli.ts - a TCP daytime client: connects to an IPv4 address and a port, and
 * copies what the server sends to stdout until it closes.
 *
 * usage: daytime_cli address port
 */
import { AF_INET, SOCK_STREAM, connect, htons, inet_pton, perror, read } from 'bsd-sockets/c';
import { sizeof, socket } from 'bsd-sockets/c';
import { EOF, atoi, exit, fprintf, fputs, stderr, stdout } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

export function main(argc: number, argv: string[]): number {
  let sockfd: number, n: number;
  const recvline = char_array(MAXLINE + 1);
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
  if (inet_pton(AF_INET, argv[1], servaddr.sin_addr) <= 0) {
    fprintf(stderr, 'inet_pton error for %s\n', argv[1]);
    exit(1);
  }
  if (connect(sockfd, servaddr, sizeof(servaddr)) === -1) {
    perror('connect');
    exit(1);
  }
  while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
    recvline[n] = 0;
    if (fputs(recvline, stdout) === EOF) {
      fprintf(stderr, 'fputs error\n');
      exit(1);
    }
  }
  if (n === -1) {
    perror('read');
    exit(1);
  }
  exit(0);
}
