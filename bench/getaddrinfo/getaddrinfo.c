// Benchmark 5, C reference: getaddrinfo("localhost") with AF_UNSPEC and SOCK_STREAM hints
// (answered from /etc/hosts through nsswitch's "files"), then freeaddrinfo. Prints calls
// per second.
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/bench.h"

static void call_getaddrinfo(void* ctx, long n) {
  const struct addrinfo* hints = ctx;
  for (long i = 0; i < n; i++) {
    struct addrinfo* res;
    int rc = getaddrinfo("localhost", NULL, hints, &res);
    if (rc != 0) {
      fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rc));
      exit(1);
    }
    freeaddrinfo(res);
  }
}

int main(void) {
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct timing t = measure(20, call_getaddrinfo, &hints);
  report((double)t.ops * 1e9 / (double)t.ns, "calls/s");
  return 0;
}
