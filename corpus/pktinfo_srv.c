/*
 * pktinfo_srv.c - a UDP echo server that tells, for each datagram, the address it was sent
 * to and the interface it came in on: IP_PKTINFO, read by recvmsg(2) in the ancillary
 * data. Bound to INADDR_ANY, it answers for 127.0.0.1 as for 127.0.0.2. It stops after
 * `count` datagrams.
 *
 * usage: pktinfo_srv port count
 */
#define _GNU_SOURCE /* struct in_pktinfo */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAXLINE 4096

int main(int argc, char **argv) {
  int sockfd, on = 1, count, i;
  ssize_t n;
  struct sockaddr_in servaddr, cliaddr;
  char mesg[MAXLINE];
  char control[CMSG_SPACE(sizeof(struct in_pktinfo))];
  struct msghdr msg;
  struct iovec iov;
  struct cmsghdr *cmsg;
  struct in_pktinfo *pi;

  if (argc != 3) {
    fprintf(stderr, "usage: %s port count\n", argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
    perror("socket");
    exit(1);
  }
  if (setsockopt(sockfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1) {
    perror("setsockopt");
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
  count = atoi(argv[2]);
  for (i = 0; i < count; i++) {
    iov.iov_base = mesg;
    iov.iov_len = MAXLINE;
    memset(&msg, 0, sizeof(msg));
    msg.msg_name = &cliaddr;
    msg.msg_namelen = sizeof(cliaddr);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    if ((n = recvmsg(sockfd, &msg, 0)) == -1) {
      perror("recvmsg");
      exit(1);
    }
    printf("%zd bytes from %s", n, inet_ntoa(cliaddr.sin_addr));
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
      if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO) {
        pi = (struct in_pktinfo *)CMSG_DATA(cmsg);
        printf(", to %s", inet_ntoa(pi->ipi_addr));
        printf(", interface %d", pi->ipi_ifindex);
      }
    }
    printf("\n");
    if (sendto(sockfd, mesg, n, 0, (struct sockaddr *)&cliaddr, msg.msg_namelen) != n)
      perror("sendto");
  }
  exit(0);
}
