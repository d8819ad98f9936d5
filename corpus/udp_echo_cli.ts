/*
 * udp_echo_cli.ts - a UDP echo client: each line of stdin in a datagram to the server, each
 * reply printed. A reply from another address than the server's is said and dropped.
 *
 * usage: udp_echo_cli address port
 */
import { AF_INET, SOCK_DGRAM, htons, inet_ntoa, inet_pton, perror, recvfrom } from 'bsd-sockets/c';
import { sendto, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { atoi, exit, fgets, fprintf, fputs, printf, stderr, stdin, stdout } from 'bsd-sockets/libc';
import { strlen } from 'bsd-sockets/libc';
import type { FILE } from 'bsd-sockets/libc';
import { sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

function dg_cli(fp: FILE, sockfd: number, pservaddr: sockaddr_in): void {
  let n: number;
  const sendline = char_array(MAXLINE),
    recvline = char_array(MAXLINE + 1);
  const reply_addr = new sockaddr_in();
  const len: socklen_t = { value: 0 };

  while (fgets(sendline, MAXLINE, fp) !== null) {
    sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, sizeof(pservaddr));
    len.value = sizeof(reply_addr);
    if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, reply_addr, len)) === -1) {
      perror('recvfrom');
      exit(1);
    }
    if (reply_addr.sin_addr.s_addr !== pservaddr.sin_addr.s_addr) {
      printf('reply from %s (ignored)\n', inet_ntoa(reply_addr.sin_addr));
      continue;
    }
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
}

export function main(argc: number, argv: string[]): number {
  let sockfd: number;
  const servaddr = new sockaddr_in();

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
  dg_cli(stdin, sockfd, servaddr);
  exit(0);
}
