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
//     (level-triggered: at once if the fd is still ready).
//   - The woken waiter makes its call, unchanged (no MSG_DONTWAIT, no poll() first). If the
//     fd is non-blocking and the call says EAGAIN (another thread or process took the data
//     first), the waiter stays at the head and waits again. On a blocking fd that race makes
//     the call block, as it would in C after select(); see src/promises/index.ts.
//   - Nothing is parked on the threadpool: 10,000 waiters are 10,000 list entries.
//   - A call that can be made at once is made at once: before registering, a call waiting
//     for one event of one fd, first in its line, asks poll(2) with a timeout of 0 on that
//     fd alone (a readiness question, not a call on the socket). If it is ready, the call is
//     made there and then, nothing registered, and its result returned as a number, without
//     a promise or a turn of the event loop (a UDP sendto: poll, sendto; a recv of data
//     already queued). A call waiting for input asks only while asking tends to find data
//     (readiness.cc, Watcher::input_first). poll() of several interests registers them, then
//     asks the epoll set (epoll_wait with a timeout of 0).
//   - Registrations are level-triggered and stay armed across waits: EPOLLIN stays armed
//     after its waiter's call is made, so a recv after a recv costs no epoll_ctl; an input
//     event that finds nobody waiting takes it out. Output and the other events leave the
//     registration once nobody waits for them (readiness.cc, Watcher).
//   - When the set holds one fd, waiting for input alone, libuv's report that the set is
//     readable says which fd is ready: the call is made without asking the set
//     (epoll_wait), unless something in this thread took input since libuv asked the kernel
//     (readiness.cc, SoleInputFd). A ping-pong's receive is then libuv's epoll_wait and the
//     recvfrom alone.
//   - A call settles with C's result in one number: its return value, or -errno when it
//     failed (libuv's convention). TypeScript builds the error and sets errno
//     (src/promises/index.ts); native never throws or rejects with an errno error. A promise
//     rejects only with an AbortSignal's reason, or with a RangeError for a buffer detached
//     while its call waited.
#pragma once

#include <node_api.h>
#include <uv.h>

#include <list>
#include <utility>
#include <vector>

#include "addon.h"

namespace bsd {

// What a waiter waits for on an fd: one epoll event each.
enum Direction { kIn = 0, kOut = 1, kPri = 2, kRdhup = 3, kDirections = 4 };

// The (fd, event) pairs a call waits for: one for every call but poll, poll's entries'.
using Interest = std::pair<int, Direction>;
struct Interests {
  const Interest* items;
  size_t count;
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const Interest& operator[](size_t i) const { return items[i]; }
};

class Waiter {
 public:
  virtual ~Waiter() = default;

  // A waiter is made and freed by every call: its memory is kept for the next waiter of the
  // same size in this thread (readiness.cc), not given back to malloc each time.
  static void* operator new(size_t size);
  static void operator delete(void* memory, size_t size);

  enum Outcome {
    kAgain,     // the call said EAGAIN/EWOULDBLOCK: wait again
    kDone,      // *ret is the result: C's return value, or -errno
    kRejected,  // *reason is a JS error (a buffer detached while waiting)
  };

  // Makes the call. `timed_out` is set when the waiter's timeout expired (poll only).
  // `now` is set while the call is being started (StartWaiting, from JS): the byte views
  // given to it are still the ones its arguments hold, no JS having run since.
  virtual Outcome Perform(napi_env env, bool timed_out, bool now, double* ret,
                          napi_value* reason) = 0;

  // Called once the waiter will wait (its promise made): references to the JS values it
  // will need when the call is made, taken only then.
  virtual void Hold(napi_env /*env*/) {}

  // Registry bookkeeping (readiness.cc).
  struct Registration {
    int fd;
    Direction direction;
    std::list<Waiter*>::iterator position;
    bool active;
  };
  // A waiter's registrations: one in place (every call but poll), more in a vector (poll of
  // several interests), so that a call allocates nothing for them.
  class Registrations {
   public:
    Registration* begin() { return count_ <= 1 ? &one_ : more_.data(); }
    Registration* end() { return begin() + count_; }
    void push_back(const Registration& registration) {
      if (count_ == 1) more_.push_back(one_);
      if (count_ == 0) {
        one_ = registration;
      } else {
        more_.push_back(registration);
      }
      count_++;
    }
    void clear() {
      count_ = 0;
      more_.clear();
    }

   private:
    Registration one_{};
    std::vector<Registration> more_;
    size_t count_ = 0;
  };
  // The call's name when its promise rejects with the error of a failed call (made by the
  // function given to promises.errors) and resolves with C's return value: then TypeScript
  // returns the promise itself, one per call. Null: it resolves with C's result in one
  // number, -errno when it failed (a call whose result TypeScript decodes: recvfrom…).
  const char* syscall = nullptr;
  Readiness* owner = nullptr;
  napi_deferred deferred = nullptr;  // null while the call is being started
  double* now_result = nullptr;      // while being started: where a result made at once goes
  uint32_t id = 0;
  bool counted = false;  // in Readiness::waiting
  Registrations registrations;
  uv_timer_t* timer = nullptr;
  bool performing = false;
  // Set by Perform when more input is likely there at once (a read that filled its buffer):
  // the next call waiting for input on that fd asks the epoll set first (see StartWaiting).
  bool more_input = false;
  // The fd a call made at once, before any registration, was waiting for input on (-1:
  // none); its input_first is updated as a registered waiter's is (readiness.cc).
  int asked_fd = -1;
};

// A napi_ref to a JS value, deleted with its holder.
class Held {
 public:
  Held() = default;
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  ~Held() {
    if (ref_ != nullptr) napi_delete_reference(env_, ref_);
  }
  void Set(napi_env env, napi_value value) {
    env_ = env;
    napi_create_reference(env, value, 1, &ref_);
  }
  bool Empty() const { return ref_ == nullptr; }
  napi_value Get() const {
    napi_value value = nullptr;
    if (ref_ != nullptr) napi_get_reference_value(env_, ref_, &value);
    return value;
  }

 private:
  napi_env env_ = nullptr;
  napi_ref ref_ = nullptr;
};

// Registers `waiter` on each (fd, direction) and makes its call at once if it can be made:
// then the result is returned as a JS number (C's return value, or -errno). Otherwise the
// waiter waits and a promise of that number is returned. Takes ownership; returns nullptr
// with a JS exception pending if the watcher cannot be set up.
//
// A waiter with a timeout of 0, or one of whose fds epoll cannot watch (a closed fd: EBADF;
// a regular file, always ready: EPERM), makes its call at once. timeout_ms > 0 arms a timer
// after which Perform(…, timed_out = true) is called. A waiter with no interest and no
// timeout (poll() on nothing, forever) stays pending until cancelled.
napi_value StartWaiting(napi_env env, Waiter* waiter, Interests interests, int timeout_ms);

// Rejects waiter `id` with `reason` (an AbortSignal fired). Unknown ids (already settled)
// are ignored.
void CancelWaiter(napi_env env, uint32_t id, napi_value reason);

}  // namespace bsd
