// Benchmark 4, C reference: TCP bulk transfer on loopback, 64 KiB send(2) calls against a
// receiver doing 64 KiB recv(2) calls in another thread (as the TS binding's is a Worker).
// Prints MB/s (10^6 bytes a second), timed from the first send to the receiver's one-byte
// answer after it has read everything.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../common/bench.h"

enum { CHUNK = 64 * 1024 };

// The receiver: reads until end of stream, then answers one byte.
static void* receive_all(void* arg) {
  int listener = *(int*)arg;
  static char buffer[CHUNK];
  int conn = accept(listener, NULL, NULL);
  if (conn < 0) die("accept");
  for (;;) {
    ssize_t n = recv(conn, buffer, CHUNK, 0);
    if (n < 0) die("recv");
    if (n == 0) break;
  }
  if (send(conn, "k", 1, 0) != 1) die("send");
  close(conn);
  return NULL;
}

static char chunk[CHUNK];

static void send_chunks(void* ctx, long n) {
  int fd = *(int*)ctx;
  for (long i = 0; i < n; i++) {
    size_t sent = 0;
    while (sent < CHUNK) {
      ssize_t k = send(fd, chunk + sent, CHUNK - sent, 0);
      if (k < 0) die("send");
      sent += (size_t)k;
    }
  }
}

int main(void) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) die("socket");
  // Bounds the receiver's wait in accept/recv if the sender fails (Linux applies
  // SO_RCVTIMEO to accept too, and accepted sockets inherit it).
  struct timeval timeout = {5, 0};
  if (setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
    die("setsockopt");
  }
  struct sockaddr_in addr;
  bind_loopback(listener, &addr);
  if (listen(listener, 1) < 0) die("listen");
  pthread_t receiver;
  if (pthread_create(&receiver, NULL, receive_all, &listener) != 0) die("pthread_create");

  // Written once, as every implementation's buffer is: an untouched static buffer would be
  // read from the kernel's shared zero page, always in cache, which flatters the copy.
  memset(chunk, 'x', CHUNK);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  if (connect(fd, (struct sockaddr*)&addr, sizeof addr) < 0) die("connect");
  uint64_t start = now_ns();
  struct timing t = run_batches(bench_seconds(), 16, send_chunks, &fd);
  if (shutdown(fd, SHUT_WR) < 0) die("shutdown");
  char ack;
  if (recv(fd, &ack, 1, 0) != 1) die("recv");
  uint64_t elapsed = now_ns() - start;
  report((double)t.ops * CHUNK / (double)elapsed * 1e3, "MB/s");
  close(fd);
  pthread_join(receiver, NULL);
  close(listener);
  return 0;
}
