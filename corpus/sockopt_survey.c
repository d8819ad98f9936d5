/*
 * sockopt_survey.c - the default value of socket options, read with getsockopt(2) on a
 * fresh TCP socket (IPv6 for the IPPROTO_IPV6 options) into a union of the C types they
 * take, and printed by type.
 *
 * usage: sockopt_survey
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum kind { INT, LINGER, TIMEVAL };

struct option {
  const char *name;
  int level;
  int optname;
  enum kind kind;
};

static const struct option options[] = {
    {"SO_BROADCAST", SOL_SOCKET, SO_BROADCAST, INT},
    {"SO_DEBUG", SOL_SOCKET, SO_DEBUG, INT},
    {"SO_DONTROUTE", SOL_SOCKET, SO_DONTROUTE, INT},
    {"SO_ERROR", SOL_SOCKET, SO_ERROR, INT},
    {"SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, INT},
    {"SO_LINGER", SOL_SOCKET, SO_LINGER, LINGER},
    {"SO_OOBINLINE", SOL_SOCKET, SO_OOBINLINE, INT},
    {"SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT, INT},
    {"SO_SNDLOWAT", SOL_SOCKET, SO_SNDLOWAT, INT},
    {"SO_RCVTIMEO", SOL_SOCKET, SO_RCVTIMEO, TIMEVAL},
    {"SO_SNDTIMEO", SOL_SOCKET, SO_SNDTIMEO, TIMEVAL},
    {"SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, INT},
    {"SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT, INT},
    {"SO_TYPE", SOL_SOCKET, SO_TYPE, INT},
    {"IP_TOS", IPPROTO_IP, IP_TOS, INT},
    {"IP_TTL", IPPROTO_IP, IP_TTL, INT},
    {"IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS, INT},
    {"IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY, INT},
    {"TCP_MAXSEG", IPPROTO_TCP, TCP_MAXSEG, INT},
    {"TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, INT},
    {NULL, 0, 0, INT},
};

union val {
  int i_val;
  struct linger linger_val;
  struct timeval timeval_val;
};

int main(void) {
  int fd, family;
  socklen_t len;
  const struct option *opt;
  union val val;

  for (opt = options; opt->name != NULL; opt++) {
    printf("%s: ", opt->name);
    family = opt->level == IPPROTO_IPV6 ? AF_INET6 : AF_INET;
    if ((fd = socket(family, SOCK_STREAM, 0)) == -1) {
      perror("socket");
      exit(1);
    }
    len = sizeof(val);
    if (getsockopt(fd, opt->level, opt->optname, &val, &len) == -1) {
      perror("getsockopt");
      printf("(not read)\n");
    } else if (opt->kind == INT) {
      printf("%d\n", val.i_val);
    } else if (opt->kind == LINGER) {
      printf("l_onoff = %d, l_linger = %d\n", val.linger_val.l_onoff, val.linger_val.l_linger);
    } else {
      printf("%ld sec, %ld usec\n", val.timeval_val.tv_sec, val.timeval_val.tv_usec);
    }
    close(fd);
  }
  exit(0);
}
