/*
 * echo_cli_select.c - the echo client over select(2): stdin and the socket watched
 * together, what stdin gives sent to the server, what the server sends printed; at the end
 * of stdin, shutdown(SHUT_WR) and the rest of the echo read until the server closes.
 *
 * usage: echo_cli_select address port
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "readwrite.h"

#define MAXLINE 4096

static void str_cli(FILE *fp, int sockfd) {
  int maxfdp1, stdineof = 0;
  fd_set rset;
  char buf[MAXLINE];
  ssize_t n;

  FD_ZERO(&rset);
  for (;;) {
    if (stdineof == 0) FD_SET(fileno(fp), &rset);
    FD_SET(sockfd, &rset);
    maxfdp1 = (fileno(fp) > sockfd ? fileno(fp) : sockfd) + 1;
    if (select(maxfdp1, &rset, NULL, NULL, NULL) == -1) {
      perror("select");
      exit(1);
    }
    if (FD_ISSET(sockfd, &rset)) {
      if ((n = read(sockfd, buf, MAXLINE)) == -1) {
        perror("read");
        exit(1);
      }
      if (n == 0) {
        if (stdineof == 1) return;
        fprintf(stderr, "str_cli: server terminated prematurely\n");
        exit(1);
      }
      if (write(fileno(stdout), buf, n) != n) perror("write");
    }
    if (FD_ISSET(fileno(fp), &rset)) {
      if ((n = read(fileno(fp), buf, MAXLINE)) == 0) {
        stdineof = 1;
        shutdown(sockfd, SHUT_WR);
        FD_CLR(fileno(fp), &rset);
        continue;
      }
      if (writen(sockfd, buf, n) != n) perror("writen");
    }
  }
}

int main(int argc, char **argv) {
  int sockfd;
  struct sockaddr_in servaddr;

  if (argc != 3) {
    fprintf(stderr, "usage: %s address port\n", argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  memset(&servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &servaddr.sin_addr);
  if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1) {
    perror("connect");
    exit(1);
  }
  str_cli(stdin, sockfd);
  exit(0);
}
