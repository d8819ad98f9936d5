/*
 * gai_daytime.c - the daytime client on getaddrinfo(3): a host name and a service, every
 * address tried in turn until one connects (IPv6 or IPv4, whichever the resolver gives).
 *
 * usage: gai_daytime host service
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096

int main(int argc, char **argv) {
  int sockfd, n, err;
  char recvline[MAXLINE + 1];
  struct addrinfo hints, *res, *ai;

  if (argc != 3) {
    fprintf(stderr, "usage: %s host service\n", argv[0]);
    exit(1);
  }
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if ((err = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
    fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(err));
    exit(1);
  }
  sockfd = -1;
  for (ai = res; ai != NULL; ai = ai->ai_next) {
    if ((sockfd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1) continue;
    if (connect(sockfd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    perror("connect");
    close(sockfd);
    sockfd = -1;
  }
  freeaddrinfo(res);
  if (sockfd == -1) {
    fprintf(stderr, "no address of %s answered\n", argv[1]);
    exit(1);
  }
  while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
  close(sockfd);
  return 0;
}
