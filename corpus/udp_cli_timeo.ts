/*
 * udp_cli_timeo.ts - a UDP client that waits at most 2 s for each reply (SO_RCVTIMEO): a
 * recvfrom that times out fails with EAGAIN (EWOULDBLOCK), and the client says so.
 *
 * usage: udp_cli_timeo address port
 */
import { AF_INET, EWOULDBLOCK, SOCK_DGRAM, SOL_SOCKET, SO_RCVTIMEO, errno } from 'bsd-sockets/c';
import { htons, inet_pton, perror, recvfrom, sendto, setsockopt, sizeof } from 'bsd-sockets/c';
import { socket } from 'bsd-sockets/c';
import { atoi, exit, fgets, fprintf, fputs, stderr, stdin, stdout, strlen } from 'bsd-sockets/libc';
import { sockaddr_in, timeval } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

export function main(argc: number, argv: string[]): number {
  let sockfd: number;
  let n: number;
  const servaddr = new sockaddr_in();
  const tv = new timeval();
  const sendline = char_array(MAXLINE),
    recvline = char_array(MAXLINE + 1);

  if (argc !== 3) {
    fprintf(stderr, 'usage: %s address port\n', argv[0]);
    exit(1);
  }
  memset(servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], servaddr.sin_addr);
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  tv.tv_sec = 2;
  tv.tv_usec = 0;
  if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv)) === -1) {
    perror('setsockopt');
    exit(1);
  }
  while (fgets(sendline, MAXLINE, stdin) !== null) {
    sendto(sockfd, sendline, strlen(sendline), 0, servaddr, sizeof(servaddr));
    n = recvfrom(sockfd, recvline, MAXLINE, 0, null, null);
    if (n === -1) {
      if (errno === EWOULDBLOCK) {
        fprintf(stderr, 'socket timeout\n');
        continue;
      }
      perror('recvfrom');
      exit(1);
    }
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
  exit(0);
}
