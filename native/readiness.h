// The readiness registry of bsd-sockets/promises: calls that wait for their fd to be ready
// in the event loop, then are made exactly as their synchronous versions make them.
//
// How the waiting is done, and why:
//   - One epoll instance per Node.js environment (the main thread, each worker_thread),
//     watched by the event loop through ONE uv_poll_t on the epoll fd. A uv_poll_t per
//     socket is what libuv offers, but uv_poll_init() sets O_NONBLOCK on the fd it is given
//     (an ioctl(FIONBIO) the user never asked for, which strace shows and which changes how
//     every later synchronous call on that socket behaves). Registering the socket in an
//     epoll set of our own changes nothing on it.
//   - One registration per fd (epoll, like libuv, allows one), with a FIFO of waiters per
//     event (EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLRDHUP). A readiness event wakes the head of
//     each FIFO it concerns, one waiter per event: the next one waits for the next report
//     (level-triggered, so at once if the fd is still ready).
//   - The woken waiter makes its call, unchanged (no MSG_DONTWAIT, no poll() first). If the
//     fd is non-blocking and the call says EAGAIN (another thread or process took the data
//     first), the waiter stays at the head and waits again. On a blocking fd that race makes
//     the call block, as it would in C after select(); see src/promises/index.ts.
//   - Nothing is parked on the threadpool: 10,000 waiters are 10,000 list entries.
#pragma once

#include <napi.h>
#include <uv.h>

#include <list>
#include <utility>
#include <vector>

#include "addon.h"

namespace bsd {

// What a waiter waits for on an fd: one epoll event each.
enum Direction { kIn = 0, kOut = 1, kPri = 2, kRdhup = 3, kDirections = 4 };

class Waiter {
 public:
  virtual ~Waiter() = default;

  // Makes the call. Returns true with *result set when it completed; false when it said
  // EAGAIN/EWOULDBLOCK (wait again). Throws a Napi::Error when it failed. `timed_out` is
  // set when the waiter's timeout expired (poll only).
  virtual bool Perform(Napi::Env env, napi_value* result, bool timed_out) = 0;

  // The C function, for the EBADF error of a waiter whose fd is closed.
  virtual const char* Syscall() const = 0;

  // Registry bookkeeping (readiness.cc).
  struct Registration {
    int fd;
    Direction direction;
    std::list<Waiter*>::iterator position;
    bool active;
  };
  Readiness* owner = nullptr;
  napi_deferred deferred = nullptr;
  uint32_t id = 0;
  bool counted = false;  // in Readiness::waiting
  std::vector<Registration> registrations;
  uv_timer_t* timer = nullptr;
  bool performing = false;
};

// Registers `waiter` on each (fd, direction) and returns its promise. Takes ownership.
// A waiter with a timeout of 0, or one of whose fds epoll cannot watch (a closed fd:
// EBADF; a regular file, always ready: EPERM), makes its call at once. timeout_ms > 0 arms
// a timer after which Perform(…, timed_out = true) is called. A waiter with no interest
// and no timeout (poll() on nothing, forever) stays pending until cancelled.
napi_value StartWaiting(Napi::Env env, Waiter* waiter,
                        const std::vector<std::pair<int, Direction>>& interests, int timeout_ms);

// Rejects waiter `id` with `reason` (an AbortSignal fired). Unknown ids (already settled)
// are ignored.
void CancelWaiter(Napi::Env env, uint32_t id, Napi::Value reason);

// A promise settled at once (connect that completed or failed without waiting).
napi_value Settled(Napi::Env env, bool ok, Napi::Value value);

}  // namespace bsd
