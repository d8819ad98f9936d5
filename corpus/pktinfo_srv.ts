/*
 * pktinfo_srv.ts - a UDP echo server that tells, for each datagram, the address it was sent
 * to and the interface it came in on: IP_PKTINFO, read by recvmsg(2) in the ancillary
 * data. Bound to INADDR_ANY, it answers for 127.0.0.1 as for 127.0.0.2. It stops after
 * `count` datagrams.
 *
 * usage: pktinfo_srv port count
 */
import {
  AF_INET,
  CMSG_DATA,
  CMSG_FIRSTHDR,
  CMSG_NXTHDR,
  CMSG_SPACE,
  INADDR_ANY,
} from 'bsd-sockets/c';
import { IPPROTO_IP, IP_PKTINFO, SOCK_DGRAM, bind, htonl, htons, inet_ntoa } from 'bsd-sockets/c';
import { perror, recvmsg, sendto, setsockopt, sizeof, socket } from 'bsd-sockets/c';
import type { cmsghdr, in_pktinfo } from 'bsd-sockets/c';
import { atoi, exit, fprintf, printf, stderr } from 'bsd-sockets/libc';
import { as_in_pktinfo, iovec, msghdr, sockaddr_in } from 'bsd-sockets/c';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

export function main(argc: number, argv: string[]): number {
  let sockfd: number,
    on = 1,
    count: number,
    i: number;
  let n: number;
  const servaddr = new sockaddr_in(),
    cliaddr = new sockaddr_in();
  const mesg = char_array(MAXLINE);
  const control = char_array(CMSG_SPACE(sizeof.in_pktinfo));
  const msg = new msghdr();
  const iov = new iovec();
  let cmsg: cmsghdr | null;
  let pi: in_pktinfo;

  if (argc !== 3) {
    fprintf(stderr, 'usage: %s port count\n', argv[0]);
    exit(1);
  }
  if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) === -1) {
    perror('socket');
    exit(1);
  }
  if (setsockopt(sockfd, IPPROTO_IP, IP_PKTINFO, on, sizeof(on)) === -1) {
    perror('setsockopt');
    exit(1);
  }
  memset(servaddr, 0, sizeof(servaddr));
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
  servaddr.sin_port = htons(atoi(argv[1]));
  if (bind(sockfd, servaddr, sizeof(servaddr)) === -1) {
    perror('bind');
    exit(1);
  }
  count = atoi(argv[2]);
  for (i = 0; i < count; i++) {
    iov.iov_base = mesg;
    iov.iov_len = MAXLINE;
    memset(msg, 0, sizeof(msg));
    msg.msg_name = cliaddr;
    msg.msg_namelen = sizeof(cliaddr);
    msg.msg_iov = [iov];
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    if ((n = recvmsg(sockfd, msg, 0)) === -1) {
      perror('recvmsg');
      exit(1);
    }
    printf('%zd bytes from %s', n, inet_ntoa(cliaddr.sin_addr));
    for (cmsg = CMSG_FIRSTHDR(msg); cmsg !== null; cmsg = CMSG_NXTHDR(msg, cmsg)) {
      if (cmsg.cmsg_level === IPPROTO_IP && cmsg.cmsg_type === IP_PKTINFO) {
        pi = as_in_pktinfo(CMSG_DATA(msg, cmsg));
        printf(', to %s', inet_ntoa(pi.ipi_addr));
        printf(', interface %d', pi.ipi_ifindex);
      }
    }
    printf('\n');
    if (sendto(sockfd, mesg, n, 0, cliaddr, msg.msg_namelen) !== n) perror('sendto');
  }
  exit(0);
}
