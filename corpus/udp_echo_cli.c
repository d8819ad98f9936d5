/*
 * udp_echo_cli.c - a UDP echo client: each line of stdin in a datagram to the server, each
 * reply printed. A reply from another address than the server's is said and dropped.
 *
 * usage: udp_echo_cli address port
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAXLINE 4096

static void dg_cli(FILE *fp, int sockfd, const struct sockaddr_in *pservaddr) {
  ssize_t n;
  char sendline[MAXLINE], recvline[MAXLINE + 1];
  struct sockaddr_in reply_addr;
  socklen_t len;

  while (fgets(sendline, MAXLINE, fp) != NULL) {
    sendto(sockfd, sendline, strlen(sendline), 0, (const struct sockaddr *)pservaddr,
           sizeof(*pservaddr));
    len = sizeof(reply_addr);
    if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, (struct sockaddr *)&reply_addr, &len)) == -1) {
      perror("recvfrom");
      exit(1);
    }
    if (reply_addr.sin_addr.s_addr != pservaddr->sin_addr.s_addr) {
      printf("reply from %s (ignored)\n", inet_ntoa(reply_addr.sin_addr));
      continue;
    }
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
}

int main(int argc, char **argv) {
  int sockfd;
  struct sockaddr_in servaddr;

  if (argc != 3) {
    fprintf(stderr, "usage: %s address port\n", argv[0]);
    exit(1);
  }
  memset(&servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &servaddr.sin_addr);
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  dg_cli(stdin, sockfd, &servaddr);
  exit(0);
}
