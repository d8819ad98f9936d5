// Timing for the C references of bench/. Every benchmark program measures the same way as
// its TypeScript, Node and Python siblings (measure.ts, measure.py): a warm-up, then batches
// of the operation until BENCH_SECONDS have passed, then one JSON line on stdout that
// bench/run.ts reads: {"value": <figure>, "unit": "<unit>"}.
#ifndef BENCH_COMMON_BENCH_H
#define BENCH_COMMON_BENCH_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// How long one measurement lasts: BENCH_SECONDS (set by the runner), 0.25 s by default.
static inline double bench_seconds(void) {
  const char* text = getenv("BENCH_SECONDS");
  double seconds = text ? atof(text) : 0.25;
  return seconds > 0 ? seconds : 0.25;
}

// Runs `n` operations; one call per batch, so the call costs nothing per operation.
typedef void (*batch_fn)(void* ctx, long n);

struct timing {
  uint64_t ops;
  uint64_t ns;
};

// Batches of `n` operations until `seconds` have passed.
static inline struct timing run_batches(double seconds, long n, batch_fn batch, void* ctx) {
  struct timing t = {0, 0};
  uint64_t start = now_ns();
  uint64_t limit = (uint64_t)(seconds * 1e9);
  do {
    batch(ctx, n);
    t.ops += (uint64_t)n;
    t.ns = now_ns() - start;
  } while (t.ns < limit);
  return t;
}

// A warm-up of a fifth of the time (caches, branch predictors, the TS siblings' JIT), then
// the measured batches.
static inline struct timing measure(long n, batch_fn batch, void* ctx) {
  run_batches(bench_seconds() / 5, n, batch, ctx);
  return run_batches(bench_seconds(), n, batch, ctx);
}

static inline void report(double value, const char* unit) {
  printf("{\"value\": %.6g, \"unit\": \"%s\"}\n", value, unit);
  fflush(stdout);
}

static inline void die(const char* what) {
  perror(what);
  exit(1);
}

// Binds fd to 127.0.0.1 on a port the kernel picks, and fills *addr with that address,
// ready for sendto or connect.
static inline void bind_loopback(int fd, struct sockaddr_in* addr) {
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_port = htons(0);
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)addr, sizeof *addr) < 0) die("bind");
  socklen_t addrlen = sizeof *addr;
  if (getsockname(fd, (struct sockaddr*)addr, &addrlen) < 0) die("getsockname");
}

#endif  // BENCH_COMMON_BENCH_H
