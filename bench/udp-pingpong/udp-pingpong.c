// Benchmark 3, C reference: UDP ping-pong on loopback. The client sends a 16-byte datagram
// with sendto(2) and waits for it to come back with recv(2); the echo server, another
// thread of the process as the TS binding's is a Worker, answers with recvfrom(2) +
// sendto(2). Prints round trips per second. A 1-byte datagram stops the server.
//
// A thread rather than a child process, so that the binding's figure is compared with the
// same arrangement. (On an idle machine both give about the same figure here; under load
// the scheduler may put two threads on one CPU, where a wake-up is faster: README.md.)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../common/bench.h"

enum { PING = 16 };

static void* echo(void* arg) {
  int fd = *(int*)arg;
  char buffer[64];
  for (;;) {
    struct sockaddr_in peer;
    socklen_t peerlen = sizeof peer;
    ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr*)&peer, &peerlen);
    if (n < 0) die("recvfrom");
    if (n <= 1) break;
    if (sendto(fd, buffer, (size_t)n, 0, (struct sockaddr*)&peer, peerlen) < 0) die("sendto");
  }
  return NULL;
}

struct client {
  int fd;
  struct sockaddr_in server;
};

static void ping(void* ctx, long n) {
  struct client* c = ctx;
  char buffer[64];
  memset(buffer, 0, sizeof buffer);
  for (long i = 0; i < n; i++) {
    if (sendto(c->fd, buffer, PING, 0, (struct sockaddr*)&c->server, sizeof c->server) < 0) {
      die("sendto");
    }
    if (recv(c->fd, buffer, sizeof buffer, 0) < 0) die("recv");
  }
}

// Bounds a wait for a datagram that will not come (the other side died).
static void set_timeout(int fd) {
  struct timeval timeout = {5, 0};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) die("setsockopt");
}

int main(void) {
  struct client c;
  memset(&c, 0, sizeof c);
  int server = socket(AF_INET, SOCK_DGRAM, 0);
  if (server < 0) die("socket");
  set_timeout(server);
  bind_loopback(server, &c.server);
  pthread_t echoer;
  if (pthread_create(&echoer, NULL, echo, &server) != 0) die("pthread_create");

  c.fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (c.fd < 0) die("socket");
  set_timeout(c.fd);
  struct timing t = measure(100, ping, &c);
  char stop = 0;
  if (sendto(c.fd, &stop, 1, 0, (struct sockaddr*)&c.server, sizeof c.server) < 0) die("sendto");
  report((double)t.ops * 1e9 / (double)t.ns, "round trips/s");
  close(c.fd);
  pthread_join(echoer, NULL);
  close(server);
  return 0;
}
