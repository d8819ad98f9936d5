/*
 * echo_srv_fork.c - a TCP echo server, one child process per client: each line the client
 * sends comes back to it, read with readline and written with writen.
 *
 * usage: echo_srv_fork port
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "readwrite.h"

#define MAXLINE 4096

static void str_echo(int sockfd) {
  ssize_t n;
  char line[MAXLINE];

  while ((n = readline(sockfd, line, MAXLINE)) > 0) {
    if (writen(sockfd, line, n) != n) {
      perror("writen");
      return;
    }
  }
  if (n == -1) perror("readline");
}

int main(int argc, char **argv) {
  int listenfd, connfd;
  pid_t childpid;
  socklen_t clilen;
  struct sockaddr_in cliaddr, servaddr;

  if (argc != 2) {
    fprintf(stderr, "usage: %s port\n", argv[0]);
    exit(1);
  }
  signal(SIGCHLD, SIG_IGN); /* the kernel reaps the children: no zombies */
  if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  memset(&servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
  servaddr.sin_port = htons(atoi(argv[1]));
  if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1) {
    perror("bind");
    exit(1);
  }
  if (listen(listenfd, 5) == -1) {
    perror("listen");
    exit(1);
  }
  for (;;) {
    clilen = sizeof(cliaddr);
    if ((connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen)) == -1) {
      perror("accept");
      exit(1);
    }
    if ((childpid = fork()) == 0) {
      close(listenfd);
      str_echo(connfd);
      exit(0);
    }
    close(connfd);
  }
}
