/*
 * udp_cli_timeo.c - a UDP client that waits at most 2 s for each reply (SO_RCVTIMEO): a
 * recvfrom that times out fails with EAGAIN (EWOULDBLOCK), and the client says so.
 *
 * usage: udp_cli_timeo address port
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define MAXLINE 4096

int main(int argc, char **argv) {
  int sockfd;
  ssize_t n;
  struct sockaddr_in servaddr;
  struct timeval tv;
  char sendline[MAXLINE], recvline[MAXLINE + 1];

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
  tv.tv_sec = 2;
  tv.tv_usec = 0;
  if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1) {
    perror("setsockopt");
    exit(1);
  }
  while (fgets(sendline, MAXLINE, stdin) != NULL) {
    sendto(sockfd, sendline, strlen(sendline), 0, (struct sockaddr *)&servaddr, sizeof(servaddr));
    n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL);
    if (n == -1) {
      if (errno == EWOULDBLOCK) {
        fprintf(stderr, "socket timeout\n");
        continue;
      }
      perror("recvfrom");
      exit(1);
    }
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
  exit(0);
}
