// Benchmark 2, C reference: the UDP send path, sendto(2) of 16-byte datagrams to a bound
// socket that never reads. Prints nanoseconds per call.
//
// On Linux the receiver's queue fills after a few hundred datagrams (SO_RCVBUF, 212992
// bytes by default, counts each datagram's kernel buffer, not its 16 bytes); from then on
// the kernel drops every datagram at the receiving socket (counted in /proc/net/snmp,
// Udp: RcvbufErrors) and sendto still returns 16: a UDP sender is never blocked by its
// receiver. So the figure is the whole loopback send path down to that drop, the same for
// every implementation, each of which starts with a fresh, empty receiver.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/bench.h"

struct sender {
  int fd;
  char payload[16];
  struct sockaddr_in dest;
};

static void call_sendto(void* ctx, long n) {
  struct sender* s = ctx;
  for (long i = 0; i < n; i++) {
    if (sendto(s->fd, s->payload, sizeof s->payload, 0, (struct sockaddr*)&s->dest,
               sizeof s->dest) < 0) {
      die("sendto");
    }
  }
}

int main(void) {
  int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  if (receiver < 0) die("socket");
  struct sender s;
  memset(&s, 0, sizeof s);
  bind_loopback(receiver, &s.dest);
  s.fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (s.fd < 0) die("socket");

  struct timing t = measure(1000, call_sendto, &s);
  report((double)t.ns / (double)t.ops, "ns/call");
  close(s.fd);
  close(receiver);
  return 0;
}
