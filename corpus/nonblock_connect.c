/*
 * nonblock_connect.c - a connect(2) that does not block: O_NONBLOCK, EINPROGRESS, then
 * select(2) for writability (5 s at most) and SO_ERROR for the outcome; the socket is made
 * blocking again before it is used.
 *
 * usage: nonblock_connect address port
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int sockfd, flags, error;
  socklen_t len;
  fd_set rset, wset;
  struct timeval tval;
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
  flags = fcntl(sockfd, F_GETFL, 0);
  fcntl(sockfd, F_SETFL, flags | O_NONBLOCK);
  error = 0;
  if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1) {
    if (errno != EINPROGRESS) {
      perror("connect");
      exit(1);
    }
    printf("connect: in progress\n");
    FD_ZERO(&rset);
    FD_SET(sockfd, &rset);
    wset = rset;
    tval.tv_sec = 5;
    tval.tv_usec = 0;
    if (select(sockfd + 1, &rset, &wset, NULL, &tval) == 0) {
      close(sockfd);
      fprintf(stderr, "connect: timed out\n");
      exit(1);
    }
    if (FD_ISSET(sockfd, &rset) || FD_ISSET(sockfd, &wset)) {
      len = sizeof(error);
      if (getsockopt(sockfd, SOL_SOCKET, SO_ERROR, &error, &len) == -1) {
        perror("getsockopt");
        exit(1);
      }
    }
  }
  fcntl(sockfd, F_SETFL, flags); /* blocking again */
  if (error) {
    fprintf(stderr, "connect: %s\n", strerror(error));
    exit(1);
  }
  printf("connected\n");
  close(sockfd);
  exit(0);
}
