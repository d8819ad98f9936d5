/*
 * udp_echo_srv.c - a UDP echo server: each datagram goes back to its sender, unchanged.
 *
 * usage: udp_echo_srv port
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAXLINE 4096

static void dg_echo(int sockfd, struct sockaddr *pcliaddr, socklen_t clilen) {
  ssize_t n;
  socklen_t len;
  char mesg[MAXLINE];

  for (;;) {
    len = clilen;
    if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len)) == -1) {
      perror("recvfrom");
      continue;
    }
    if (sendto(sockfd, mesg, n, 0, pcliaddr, len) != n) perror("sendto");
  }
}

int main(int argc, char **argv) {
  int sockfd;
  struct sockaddr_in servaddr, cliaddr;

  if (argc != 2) {
    fprintf(stderr, "usage: %s port\n", argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  memset(&servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
  servaddr.sin_port = htons(atoi(argv[1]));
  if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1) {
    perror("bind");
    exit(1);
  }
  dg_echo(sockfd, (struct sockaddr *)&cliaddr, sizeof(cliaddr));
}
