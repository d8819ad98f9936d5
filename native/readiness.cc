// The readiness registry (see readiness.h for the design).
#include "readiness.h"

#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "addon.h"

namespace bsd {

static const uint32_t kEpollBits[kDirections] = {EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLRDHUP};
static constexpr size_t kSpareNodes = 256;

// The waiters of one fd, and its epoll registration. Registrations are level-triggered and
// stay armed across waits: a call on a fd whose registration already waits for its event
// costs no epoll_ctl. EPOLLIN stays armed after a call made by its waiter settles (the next
// recv of a ping-pong finds it armed); it is taken out when an event finds nobody waiting
// for it (one wake-up, then EPOLL_CTL_MOD or DEL), and when the waiters leave without their
// call (cancelled, timed out, closed). The other events are taken out as soon as no waiter
// wants them: a socket is writable nearly always, so an armed EPOLLOUT would wake the event
// loop at every turn.
struct Watcher {
  std::list<Waiter*> queues[kDirections];
  uint32_t armed = 0;   // the events the registration waits for now (0: none)
  bool in_set = false;  // registered in the epoll set
  // FdEpoch() when the registration was last made: a registration that is kept armed is
  // trusted only while no fd was closed or made through bsd-sockets since (in any thread):
  // the number may now be another file's, that epoll does not watch (a file closed by other
  // means, fs.closeSync, has left the set by itself: epoll(7), Q6).
  uint32_t epoch = 0;
  // Whether a call waiting for input asks the epoll set before waiting (StartWaiting): not
  // after that found nothing, until a read fills its buffer. (Request and answer: the
  // answer is not there yet when the next read starts; a stream read in chunks: it is.)
  bool input_first = true;
};

struct Readiness {
  napi_env env;
  int epfd;
  uv_poll_t* handle;
  napi_async_context async_context;
  napi_ref resource;  // the async resource of the callbacks (promise reactions) it runs
  std::unordered_map<int, Watcher> watchers;
  std::unordered_map<uint32_t, Waiter*> by_id;
  std::unordered_set<Waiter*> parked;  // waiting for nothing, forever
  size_t waiting = 0;                  // registered waiters: the handle is referenced while > 0
  bool in_deno = false;                // the runtime is Deno (a global `Deno`): see Cleanup
  size_t in_set = 0;                   // the watchers registered in the epoll set
  // Nodes of the waiters' queues, kept for the next waiters (moved between lists with
  // splice: a wait allocates none).
  std::list<Waiter*> spare;
  // The report of libuv's own epoll_wait is trusted without asking the set (see
  // OnEpollReadable) only while no input was taken in this thread since the loop's last
  // check phase: `input_seen` is InputTaken()'s count then.
  uv_check_t* check = nullptr;
  uint32_t input_seen = 0;
};

// The calls made in this thread that take input from an fd (recv, recvfrom, read, recvmsg;
// every call of a waiter): while the count is unchanged, a readiness libuv reported is
// still true, as far as this thread goes.
static thread_local uint32_t input_taken = 0;

void InputTaken() {
  input_taken++;
}

// Counts the calls made through bsd-sockets, in every thread, that close fds (ForgetFd) or
// make them (FdsChanged): while it is unchanged, fd numbers name the files they named.
static std::atomic<uint32_t> fd_epoch{0};

void FdsChanged() {
  fd_epoch.fetch_add(1, std::memory_order_relaxed);
}

static uint32_t FdEpoch() {
  return fd_epoch.load(std::memory_order_relaxed);
}

// ---------------------------------------------------------------- waiters' memory

// Blocks of each size a waiter had, kept for the next waiters of this thread. (Under
// AddressSanitizer every waiter has memory of its own: a use after free stays visible.)
namespace {
struct WaiterMemory {
  struct Bin {
    size_t size;
    std::vector<void*> blocks;
  };
  std::vector<Bin> bins;  // one per waiter class: a handful
  ~WaiterMemory() {
    for (auto& bin : bins) {
      for (void* block : bin.blocks) ::operator delete(block);
    }
  }
};
thread_local WaiterMemory waiter_memory;
constexpr size_t kKeptPerSize = 64;
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kKeepWaiterMemory = false;
#else
constexpr bool kKeepWaiterMemory = true;
#endif
}  // namespace

void* Waiter::operator new(size_t size) {
  if (kKeepWaiterMemory) {
    for (auto& bin : waiter_memory.bins) {
      if (bin.size != size || bin.blocks.empty()) continue;
      void* block = bin.blocks.back();
      bin.blocks.pop_back();
      return block;
    }
  }
  return ::operator new(size);
}

void Waiter::operator delete(void* memory, size_t size) {
  if (kKeepWaiterMemory) {
    WaiterMemory::Bin* kept = nullptr;
    for (auto& bin : waiter_memory.bins) {
      if (bin.size == size) kept = &bin;
    }
    if (kept == nullptr) {
      waiter_memory.bins.push_back({size, {}});
      kept = &waiter_memory.bins.back();
    }
    if (kept->blocks.size() < kKeptPerSize) {
      kept->blocks.push_back(memory);
      return;
    }
  }
  ::operator delete(memory);
}

static void FreeHandle(uv_handle_t* handle) {
  delete reinterpret_cast<uv_poll_t*>(handle);
}

static void FreeTimer(uv_handle_t* handle) {
  delete reinterpret_cast<uv_timer_t*>(handle);
}

static void FreeCheck(uv_handle_t* handle) {
  delete reinterpret_cast<uv_check_t*>(handle);
}

// ---------------------------------------------------------------- epoll registrations

// Brings fd's epoll registration in line with its non-empty queues; with `keep_input`, an
// armed EPOLLIN stays armed though nobody waits for it (see Watcher). Returns 0, or the errno
// of a failed epoll_ctl (EBADF: not open; EPERM: a regular file, never waits).
static int Sync(Readiness* r, int fd, bool keep_input) {
  auto found = r->watchers.find(fd);
  if (found == r->watchers.end()) return 0;
  Watcher& watcher = found->second;
  uint32_t wanted = 0;
  for (int d = 0; d < kDirections; d++) {
    if (!watcher.queues[d].empty()) wanted |= kEpollBits[d];
  }
  if (keep_input) wanted |= watcher.armed & EPOLLIN;
  if (wanted == watcher.armed && (wanted == 0 || watcher.epoch == FdEpoch())) {
    if (wanted == 0 && !watcher.in_set) r->watchers.erase(found);
    return 0;
  }
  struct epoll_event event = {};
  event.events = wanted;
  event.data.fd = fd;
  if (wanted == 0) {
    // Armed for waiters that left: out of the set. Errors ignored: a fd closed by other
    // means has already left it.
    epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, &event);
    r->watchers.erase(found);
    r->in_set--;
    return 0;
  }
  int rc;
  if (!watcher.in_set) {
    rc = epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &event);
    if (rc < 0 && errno == EEXIST) rc = epoll_ctl(r->epfd, EPOLL_CTL_MOD, fd, &event);
  } else {
    rc = epoll_ctl(r->epfd, EPOLL_CTL_MOD, fd, &event);
    // The file was closed by other means (epoll forgot it) and the number reused.
    if (rc < 0 && errno == ENOENT) rc = epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &event);
  }
  if (rc < 0) {
    int err = errno;
    if (watcher.in_set) {
      epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, &event);
      watcher.in_set = false;
      watcher.armed = 0;
      r->in_set--;
    }
    return err;
  }
  if (!watcher.in_set) r->in_set++;
  watcher.in_set = true;
  watcher.armed = wanted;
  watcher.epoch = FdEpoch();
  return 0;
}

static void Unregister(Readiness* r, Waiter::Registration& registration, bool keep_input) {
  if (!registration.active) return;
  registration.active = false;
  auto found = r->watchers.find(registration.fd);
  if (found == r->watchers.end()) return;
  std::list<Waiter*>& queue = found->second.queues[registration.direction];
  if (r->spare.size() < kSpareNodes) {
    r->spare.splice(r->spare.begin(), queue, registration.position);
  } else {
    queue.erase(registration.position);
  }
  Sync(r, registration.fd, keep_input);
}

// Takes `waiter` out of every queue and the id table, and frees it. `keep_input`: its call
// was made (see Watcher).
static void Destroy(Readiness* r, Waiter* waiter, bool keep_input = false) {
  for (auto& registration : waiter->registrations) Unregister(r, registration, keep_input);
  if (waiter->counted && --r->waiting == 0) uv_unref(reinterpret_cast<uv_handle_t*>(r->handle));
  if (waiter->id != 0) r->by_id.erase(waiter->id);
  r->parked.erase(waiter);
  if (waiter->timer != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(waiter->timer), FreeTimer);
  }
  delete waiter;
}

// ---------------------------------------------------------------- settling

static napi_value Number(napi_env env, double value) {
  napi_value result = nullptr;
  napi_create_double(env, value, &result);
  return result;
}

// The error a failed call `syscall` rejects with: what the function given to
// promises.errors returns for (syscall, errno) (an ErrnoError; it sets the thread's errno),
// or nullptr if there is none or it threw (then the promise resolves with -errno).
static napi_value CallError(napi_env env, const char* syscall, int err) {
  napi_ref ref = GetInstance(Napi::Env(env)).promise_errors;
  napi_value factory, name, number, global, error = nullptr;
  if (ref == nullptr || napi_get_reference_value(env, ref, &factory) != napi_ok ||
      factory == nullptr ||
      napi_create_string_latin1(env, syscall, NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_int32(env, err, &number) != napi_ok || napi_get_global(env, &global) != napi_ok) {
    return nullptr;
  }
  napi_value args[2] = {name, number};
  if (napi_call_function(env, global, factory, 2, args, &error) != napi_ok) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    return nullptr;
  }
  return error;
}

// Settles `waiter` with C's result (its return value, or -errno): into the caller's slot
// while the call is being started, else by resolving its promise (or rejecting it with the
// call's error, for a waiter with a `syscall`). `made`: its call was made.
static void Resolve(Readiness* r, Waiter* waiter, double ret, bool made = false) {
  napi_deferred deferred = waiter->deferred;
  double* now_result = waiter->now_result;
  const char* syscall = waiter->syscall;
  Destroy(r, waiter, made);
  if (deferred == nullptr) {
    *now_result = ret;
    return;
  }
  if (ret < 0 && syscall != nullptr) {
    napi_value error = CallError(r->env, syscall, static_cast<int>(-ret));
    if (error != nullptr) {
      napi_reject_deferred(r->env, deferred, error);
      return;
    }
  }
  napi_resolve_deferred(r->env, deferred, Number(r->env, ret));
}

// Rejects `waiter`'s promise with `reason`. (A waiter being started has no promise yet; it
// is never cancelled and its views are its arguments' own, so this does not happen to it;
// if it did, `reason` is thrown by the call that starts it.)
static void Reject(Readiness* r, Waiter* waiter, napi_value reason) {
  napi_deferred deferred = waiter->deferred;
  double* now_result = waiter->now_result;
  Destroy(r, waiter);
  if (deferred != nullptr) {
    napi_reject_deferred(r->env, deferred, reason);
  } else {
    *now_result = 0;
    napi_throw(r->env, reason);
  }
}

// Makes waiter's call and settles it, unless the call said EAGAIN (returns false: it
// keeps its place). With `again_is_error` (a fd that cannot be watched) EAGAIN settles.
static bool Attempt(Readiness* r, Waiter* waiter, bool timed_out, bool again_is_error) {
  double ret = 0;
  napi_value reason = nullptr;
  input_taken++;  // whatever the call, as if it took input (see OnEpollReadable)
  waiter->performing = true;
  Waiter::Outcome outcome =
      waiter->Perform(r->env, timed_out, waiter->deferred == nullptr, &ret, &reason);
  waiter->performing = false;
  if (outcome == Waiter::kDone) {
    for (auto& registration : waiter->registrations) {
      if (registration.direction != kIn) continue;
      auto found = r->watchers.find(registration.fd);
      if (found != r->watchers.end()) found->second.input_first = waiter->more_input;
    }
    if (waiter->asked_fd >= 0) {
      auto found = r->watchers.find(waiter->asked_fd);
      if (found != r->watchers.end()) found->second.input_first = waiter->more_input;
    }
  }
  if (outcome == Waiter::kRejected) {
    Reject(r, waiter, reason);
    return true;
  }
  if (outcome == Waiter::kAgain) {
    if (!again_is_error) return false;
    ret = -errno;
  }
  Resolve(r, waiter, ret, true);
  return true;
}

// ---------------------------------------------------------------- the event loop side

// Serves the readiness events `events[0..n)`: each wakes the head of the queues it
// concerns; an error or hang-up wakes every queue (the calls return at once).
static void Dispatch(Readiness* r, const struct epoll_event* events, int n) {
  for (int i = 0; i < n; i++) {
    int fd = events[i].data.fd;
    uint32_t ready = events[i].events;
    bool everything = (ready & (EPOLLERR | EPOLLHUP)) != 0;
    Waiter* attempted[kDirections] = {};
    for (int d = 0; d < kDirections; d++) {
      if (!everything && !(ready & kEpollBits[d])) continue;
      auto found = r->watchers.find(fd);  // found again: settling may have erased it
      if (found == r->watchers.end()) break;
      std::list<Waiter*>& queue = found->second.queues[d];
      if (queue.empty()) continue;
      Waiter* head = queue.front();
      bool seen = false;
      for (int e = 0; e < d; e++) seen = seen || attempted[e] == head;
      if (seen) continue;  // a poll() waiting on two events of this fd: one call
      attempted[d] = head;
      Attempt(r, head, false, false);
    }
    bool served = attempted[kIn] != nullptr || !(ready & (EPOLLIN | EPOLLERR | EPOLLHUP));
    // In line with the waiters left (one whose call said EAGAIN, the next in line…); an
    // event that found nobody waiting for it takes its kept EPOLLIN out (else level-
    // triggered, it would wake the loop again at once).
    Sync(r, fd, served);
  }
}

static constexpr int kMaxEvents = 256;

// The one fd registered in the epoll set when that fd waits for input alone and libuv's
// report is known to be true still, else -1. Then the set being readable says that this fd
// is (epoll(7): the set is readable while one of its fds is ready; the kernel checks the fd
// again when asked, __ep_eventpoll_poll), and no epoll_wait is needed to learn which:
//   - libuv asked the kernel after this thread's last check phase (uv_check_t, OnCheck), and
//     no input was taken in this thread since then (InputTaken: the package's receive calls,
//     synchronous or not): nothing that ran before this callback in the same turn of the
//     loop read the fd. (Another thread or process reading the same socket is the race of a
//     C program's recv after select(2): see src/promises/index.ts.)
//   - no fd was closed or made through bsd-sockets since the registration (FdEpoch): the
//     number is the file that was registered;
//   - not on Deno, whose uv_poll is its own emulation of libuv's.
static int SoleInputFd(Readiness* r) {
  if (r->in_set != 1 || r->check == nullptr || input_taken != r->input_seen) return -1;
  for (auto& [fd, watcher] : r->watchers) {
    if (!watcher.in_set) continue;
    if (watcher.armed == EPOLLIN && watcher.epoch == FdEpoch()) return fd;
    return -1;
  }
  return -1;
}

// The loop's check phase, after it polled: what InputTaken() counts from here on ran after
// libuv's next report is made (see SoleInputFd).
static void OnCheck(uv_check_t* check) {
  Readiness* r = static_cast<Readiness*>(check->data);
  r->input_seen = input_taken;
}

// The epoll fd is readable: some registered fd is ready.
static void OnEpollReadable(uv_poll_t* handle, int status, int events);

static void EpollReadable(uv_poll_t* handle, int status) {
  Readiness* r = static_cast<Readiness*>(handle->data);
  if (status < 0) return;
  struct epoll_event events[kMaxEvents];
  int n;
  int sole = SoleInputFd(r);
  if (sole >= 0) {
    events[0].events = EPOLLIN;
    events[0].data.fd = sole;
    n = 1;
  } else {
    n = epoll_wait(r->epfd, events, kMaxEvents, 0);
  }
  if (n <= 0) return;
  napi_handle_scope scope;
  napi_open_handle_scope(r->env, &scope);
  // Promise reactions (the code after `await`) run when this scope closes.
  napi_callback_scope callback_scope;
  napi_value resource;
  napi_get_reference_value(r->env, r->resource, &resource);
  napi_open_callback_scope(r->env, resource, r->async_context, &callback_scope);
  Dispatch(r, events, n);
  napi_close_callback_scope(r->env, callback_scope);
  napi_close_handle_scope(r->env, scope);
}

static void OnEpollReadable(uv_poll_t* handle, int status, int /*events*/) {
  EpollReadable(handle, status);
  // Deno's uv_poll, its own emulation of libuv's, reports readiness once per
  // uv_poll_start: without asking again, a second wait on the set never ended (a second
  // promise recv on the same fd; test/package/smoke).
  if (static_cast<Readiness*>(handle->data)->in_deno) {
    uv_poll_start(handle, UV_READABLE, OnEpollReadable);
  }
}

// A poll() timeout expired: its call is made now (with a timeout of 0, see promises.cc).
static void OnTimeout(uv_timer_t* timer) {
  Waiter* waiter = static_cast<Waiter*>(timer->data);
  Readiness* r = waiter->owner;
  napi_handle_scope scope;
  napi_open_handle_scope(r->env, &scope);
  napi_callback_scope callback_scope;
  napi_value resource;
  napi_get_reference_value(r->env, r->resource, &resource);
  napi_open_callback_scope(r->env, resource, r->async_context, &callback_scope);
  Attempt(r, waiter, true, true);
  napi_close_callback_scope(r->env, callback_scope);
  napi_close_handle_scope(r->env, scope);
}

// ---------------------------------------------------------------- set-up and tear-down

static void Cleanup(void* arg) {
  Readiness* r = static_cast<Readiness*>(arg);
  std::unordered_set<Waiter*> waiters;
  for (auto& [fd, watcher] : r->watchers) {
    for (auto& queue : watcher.queues) waiters.insert(queue.begin(), queue.end());
  }
  for (auto& [id, waiter] : r->by_id) waiters.insert(waiter);
  waiters.insert(r->parked.begin(), r->parked.end());
  for (Waiter* waiter : waiters) {
    for (auto& registration : waiter->registrations) registration.active = false;
    if (waiter->timer != nullptr) {
      uv_close(reinterpret_cast<uv_handle_t*>(waiter->timer), FreeTimer);
    }
    delete waiter;
  }
  r->watchers.clear();
  r->by_id.clear();
  r->parked.clear();
  uv_close(reinterpret_cast<uv_handle_t*>(r->handle), FreeHandle);
  if (r->check != nullptr) uv_close(reinterpret_cast<uv_handle_t*>(r->check), FreeCheck);
  close(r->epfd);
  // Deno's napi_async_destroy makes a V8 handle, and its environment's teardown has no
  // handle scope (napi_open_handle_scope does not help there): it aborts the process at exit
  // ("Cannot create a handle without a HandleScope", exit 133). So on Deno the context is
  // left to the environment's end (the process's, or a Worker's); Node needs the call (it
  // frees what napi_async_init allocated).
  if (!r->in_deno) napi_async_destroy(r->env, r->async_context);
  napi_delete_reference(r->env, r->resource);
  GetInstance(Napi::Env(r->env)).readiness = nullptr;
  delete r;
}

// A JS Error for a watcher that cannot be set up (no file descriptor left…).
// The call that set up the watcher failed: an Error with `syscall` and `errno`, which
// src/promises/index.ts turns into the ErrnoError of that call (code EMFILE…).
static void ThrowSetUp(napi_env env, const char* what, int err) {
  std::string message = std::string("bsd-sockets/promises: ") + what + ": " + strerror(err);
  napi_value text, error, syscall, number;
  if (napi_create_string_utf8(env, message.c_str(), NAPI_AUTO_LENGTH, &text) != napi_ok ||
      napi_create_error(env, nullptr, text, &error) != napi_ok ||
      napi_create_string_utf8(env, what, NAPI_AUTO_LENGTH, &syscall) != napi_ok ||
      napi_create_int32(env, err, &number) != napi_ok) {
    napi_throw_error(env, nullptr, message.c_str());
    return;
  }
  napi_set_named_property(env, error, "syscall", syscall);
  napi_set_named_property(env, error, "errno", number);
  napi_throw(env, error);
}

// This environment's registry, created by its first promise call; nullptr with a JS
// exception pending when it cannot be.
static Readiness* GetReadiness(napi_env env) {
  Instance& instance = GetInstance(Napi::Env(env));
  if (instance.readiness != nullptr) return instance.readiness;
  // Bun implements Node-API but not libuv's uv_poll: its uv_poll_init panics and kills the
  // process (exit 134). Asked before: a clear error instead, at the first promise call.
  napi_value global;
  bool in_bun = false;
  napi_get_global(env, &global);
  napi_has_named_property(env, global, "Bun", &in_bun);
  if (in_bun) {
    napi_throw_error(env, nullptr,
                     "bsd-sockets/promises: not supported on Bun, which has no libuv uv_poll "
                     "(uv_poll_init), what the promise calls wait with; the synchronous calls of "
                     "bsd-sockets and bsd-sockets/c work on Bun, or run this program with Node.js");
    return nullptr;
  }
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
    napi_throw_error(env, nullptr, "bsd-sockets/promises: no event loop");
    return nullptr;
  }
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) {
    ThrowSetUp(env, "epoll_create1", errno);
    return nullptr;
  }
  auto* handle = new uv_poll_t;
  int rc = uv_poll_init(loop, handle, epfd);
  if (rc < 0) {
    delete handle;
    close(epfd);
    ThrowSetUp(env, "uv_poll_init", -rc);
    return nullptr;
  }
  auto* r = new Readiness();
  r->env = env;
  r->epfd = epfd;
  r->handle = handle;
  handle->data = r;
  napi_value name;
  napi_create_string_utf8(env, "bsd-sockets:promises", NAPI_AUTO_LENGTH, &name);
  napi_value resource;
  napi_create_object(env, &resource);
  napi_create_reference(env, resource, 1, &r->resource);
  napi_async_init(env, resource, name, &r->async_context);
  napi_has_named_property(env, global, "Deno", &r->in_deno);
  uv_poll_start(handle, UV_READABLE, OnEpollReadable);
  // Idle, the watcher does not keep the process alive; a waiting call does.
  uv_unref(reinterpret_cast<uv_handle_t*>(handle));
  if (!r->in_deno) {
    r->check = new uv_check_t;
    uv_check_init(loop, r->check);
    r->check->data = r;
    uv_check_start(r->check, OnCheck);
    uv_unref(reinterpret_cast<uv_handle_t*>(r->check));
    r->input_seen = input_taken - 1;  // made in this turn of the loop: not trusted until its end
  }
  napi_add_env_cleanup_hook(env, Cleanup, r);
  instance.readiness = r;
  return r;
}

// Whether a waiter about to wait asks the epoll set first: always for output (a send is
// usually possible at once) and for several interests (poll), and for input as the fd's
// input_first says.
static bool AskFirst(Readiness* r, Interests interests) {
  if (interests.size() != 1 || interests[0].second != kIn) return true;
  auto found = r->watchers.find(interests[0].first);
  return found == r->watchers.end() || found->second.input_first;
}

napi_value StartWaiting(napi_env env, Waiter* waiter, Interests interests, int timeout_ms) {
  std::unique_ptr<Waiter> owned(waiter);
  Readiness* r = GetReadiness(env);
  if (r == nullptr) return nullptr;
  owned.release();
  waiter->owner = r;
  // Until a promise is made, a result goes here (see Resolve).
  double now_result = 0;
  waiter->now_result = &now_result;
  bool settled = false;
  bool now = timeout_ms == 0;
  bool asked = false;
  if (!now && interests.size() == 1 && interests[0].second <= kOut && AskFirst(r, interests)) {
    // One event of one fd, and nobody ahead in its line: asked with poll(2) on that fd alone
    // (one call, nothing done to the socket) before any registration. When it is ready, the
    // call is made now and nothing is registered (a UDP sendto: poll, sendto).
    auto [fd, direction] = interests[0];
    auto found = r->watchers.find(fd);
    if (found == r->watchers.end() || found->second.queues[direction].empty()) {
      asked = true;
      struct pollfd entry = {fd, static_cast<short>(direction == kIn ? POLLIN : POLLOUT), 0};
      if (poll(&entry, 1, 0) > 0) {
        waiter->asked_fd = direction == kIn ? fd : -1;
        settled = Attempt(r, waiter, false, false);
        if (!settled) waiter->asked_fd = -1;  // EAGAIN: taken by another; it waits
      }
    }
  }
  for (size_t i = 0; !settled && !now && i < interests.size(); i++) {
    auto [fd, direction] = interests[i];
    std::list<Waiter*>& queue = r->watchers[fd].queues[direction];
    if (r->spare.empty()) {
      queue.push_back(waiter);
    } else {
      r->spare.front() = waiter;
      queue.splice(queue.end(), r->spare, r->spare.begin());
    }
    waiter->registrations.push_back({fd, direction, std::prev(queue.end()), true});
    if (Sync(r, fd, true) != 0) now = true;
  }
  if (settled) {
    // Made at once above.
  } else if (now) {
    for (auto& registration : waiter->registrations) Unregister(r, registration, false);
    waiter->registrations.clear();
    Attempt(r, waiter, timeout_ms == 0, true);
    settled = true;
  } else if (asked) {
    if (interests[0].second == kIn) r->watchers[interests[0].first].input_first = false;
  } else if (!interests.empty() && AskFirst(r, interests)) {
    // Ready already? The epoll set says so without a call on the socket. Every event it
    // reports is served, this waiter's (if it is first in line) and others'.
    struct epoll_event events[kMaxEvents];
    int n = epoll_wait(r->epfd, events, kMaxEvents, 0);
    if (n > 0) {
      // Tells whether this waiter was settled: `now_result` is written only then.
      now_result = NAN;
      Dispatch(r, events, n);
      settled = !std::isnan(now_result);
    }
    if (!settled && interests.size() == 1 && interests[0].second == kIn) {
      auto found = r->watchers.find(interests[0].first);
      if (found != r->watchers.end()) found->second.input_first = false;
    }
  }
  if (settled) {
    napi_value result;
    napi_create_double(env, now_result, &result);
    return result;
  }
  waiter->now_result = nullptr;
  napi_value promise;
  if (napi_create_promise(env, &waiter->deferred, &promise) != napi_ok) {
    Destroy(r, waiter);
    return nullptr;
  }
  waiter->Hold(env);
  if (waiter->id != 0) r->by_id[waiter->id] = waiter;
  if (interests.empty() && timeout_ms < 0) {
    // Nothing to wait for, forever: C would sleep until a signal. Pending, cancellable,
    // and not keeping the process alive (no event can ever settle it).
    r->parked.insert(waiter);
    return promise;
  }
  waiter->counted = true;
  if (r->waiting++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(r->handle));
  if (timeout_ms > 0) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    waiter->timer = new uv_timer_t;
    uv_timer_init(loop, waiter->timer);
    waiter->timer->data = waiter;
    uv_timer_start(waiter->timer, OnTimeout, static_cast<uint64_t>(timeout_ms), 0);
  }
  return promise;
}

void CancelWaiter(napi_env env, uint32_t id, napi_value reason) {
  Readiness* r = GetInstance(Napi::Env(env)).readiness;
  if (r == nullptr) return;
  auto found = r->by_id.find(id);
  if (found == r->by_id.end()) return;
  Waiter* waiter = found->second;
  if (waiter->performing) return;  // its call is being made: it settles with its result
  Reject(r, waiter, reason);
}

// The calls waiting on `fd` settle with -EBADF, the error the call itself would give on a
// closed fd; TypeScript names it after the call.
void ForgetFd(Napi::Env env, int fd) {
  FdsChanged();
  Readiness* r = GetInstance(env).readiness;
  if (r == nullptr) return;
  auto found = r->watchers.find(fd);
  if (found == r->watchers.end()) return;
  if (found->second.in_set) {
    // Out of the set before close(2), armed or not.
    struct epoll_event event = {};
    epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, &event);
    found->second.in_set = false;
    found->second.armed = 0;
    r->in_set--;
  }
  std::vector<Waiter*> waiters;
  for (auto& queue : found->second.queues) {
    for (Waiter* waiter : queue) {
      if (std::find(waiters.begin(), waiters.end(), waiter) == waiters.end()) {
        waiters.push_back(waiter);
      }
    }
  }
  for (Waiter* waiter : waiters) {
    for (auto& registration : waiter->registrations) {
      if (registration.fd == fd) Unregister(r, registration, false);
    }
  }
  Sync(r, fd, false);  // forgets the fd when nothing waited on it
  for (Waiter* waiter : waiters) {
    if (waiter->performing) continue;
    Resolve(r, waiter, -EBADF);
  }
}

}  // namespace bsd
