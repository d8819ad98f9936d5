/*
 * gai_daytime.ts - the daytime client on getaddrinfo(3): a host name and a service, every
 * address tried in turn until one connects (IPv6 or IPv4, whichever the resolver gives).
 *
 * usage: gai_daytime host service
 */
import { AF_UNSPEC, SOCK_STREAM, close, connect, freeaddrinfo, gai_strerror } from 'bsd-sockets/c';
import { getaddrinfo, perror, read, socket } from 'bsd-sockets/c';
import type { addrinfo_ptr } from 'bsd-sockets/c';
import { addrinfo, sizeof } from 'bsd-sockets/c';
import { exit, fprintf, fputs, stderr, stdout } from 'bsd-sockets/libc';
import { char_array, memset } from 'bsd-sockets/libc';

const MAXLINE = 4096;

export function main(argc: number, argv: string[]): number {
  let sockfd: number, n: number, err: number;
  const recvline = char_array(MAXLINE + 1);
  const hints = new addrinfo(),
    res: addrinfo_ptr = { value: null };
  let ai: addrinfo | null;

  if (argc !== 3) {
    fprintf(stderr, 'usage: %s host service\n', argv[0]);
    exit(1);
  }
  memset(hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if ((err = getaddrinfo(argv[1], argv[2], hints, res)) !== 0) {
    fprintf(stderr, 'getaddrinfo: %s\n', gai_strerror(err));
    exit(1);
  }
  sockfd = -1;
  for (ai = res.value; ai !== null; ai = ai.ai_next) {
    if ((sockfd = socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol)) === -1) continue;
    if (connect(sockfd, ai.ai_addr, ai.ai_addrlen) === 0) break;
    perror('connect');
    close(sockfd);
    sockfd = -1;
  }
  freeaddrinfo(res);
  if (sockfd === -1) {
    fprintf(stderr, 'no address of %s answered\n', argv[1]);
    exit(1);
  }
  while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
    recvline[n] = 0;
    fputs(recvline, stdout);
  }
  close(sockfd);
  return 0;
}
