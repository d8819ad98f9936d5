/*
 * udp_echo_srv.ts - a UDP echo server: each datagram goes back to its sender, unchanged.
 *
 * usage: udp_echo_srv port
 */
import { AF_INET, INADDR_ANY, SOCK_DGRAM, bind, htonl, htons, perror } from 'bsd-sockets/c';
import { recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { atoi, exit, fprintf, stderr } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

function dg_echo(sockfd: number, pcliaddr: sockaddr_in, clilen: number): never {
  let n: number;
  const len: socklen_t = { value: 0 };
  const mesg = char_array(MAXLINE);

  for (;;) {
    len.value = clilen;
    if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, len)) === -1) {
      perror('recvfrom');
      continue;
    }
    if (sendto(sockfd, mesg, n, 0, pcliaddr, len) !== n) perror('sendto');
  }
}

export function main(argc: number, argv: string[]): number {
  let sockfd: number;
  const servaddr = new sockaddr_in(),
    cliaddr = new sockaddr_in();

  if (argc !== 2) {
    fprintf(stderr, 'usage: %s port\n', argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  memset(servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
  servaddr.sin_port = htons(atoi(argv[1]));
  if (bind(sockfd, servaddr, sizeof(servaddr)) === -1) {
    perror('bind');
    exit(1);
  }
  dg_echo(sockfd, cliaddr, sizeof(cliaddr));
}
