// Benchmark 1, C reference: the per-call cost of a cheap system call, getsockname(2) on a
// bound UDP socket. Prints nanoseconds per call.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/bench.h"

static void call_getsockname(void* ctx, long n) {
  int fd = *(int*)ctx;
  for (long i = 0; i < n; i++) {
    struct sockaddr_in addr;
    socklen_t addrlen = sizeof addr;
    if (getsockname(fd, (struct sockaddr*)&addr, &addrlen) < 0) die("getsockname");
  }
}

int main(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in addr;
  bind_loopback(fd, &addr);

  struct timing t = measure(1000, call_getsockname, &fd);
  report((double)t.ns / (double)t.ops, "ns/call");
  close(fd);
  return 0;
}
