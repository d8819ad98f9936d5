// The readiness registry (see readiness.h for the design).
#include "readiness.h"

#include <sys/epoll.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "addon.h"
#include "errors.h"

namespace bsd {

static const uint32_t kEpollBits[kDirections] = {EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLRDHUP};

// The waiters of one fd, and the events its epoll registration asks for.
struct Watcher {
  std::list<Waiter*> queues[kDirections];
  uint32_t registered = 0;  // 0: not in the epoll set
};

struct Readiness {
  napi_env env;
  int epfd;
  uv_poll_t* handle;
  napi_async_context async_context;
  std::unordered_map<int, Watcher> watchers;
  std::unordered_map<uint32_t, Waiter*> by_id;
  std::unordered_set<Waiter*> parked;  // waiting for nothing, forever
  size_t waiting = 0;                  // registered waiters: the handle is referenced while > 0
};

static void FreeHandle(uv_handle_t* handle) {
  delete reinterpret_cast<uv_poll_t*>(handle);
}

static void FreeTimer(uv_handle_t* handle) {
  delete reinterpret_cast<uv_timer_t*>(handle);
}

// ---------------------------------------------------------------- epoll registrations

// Brings fd's epoll registration in line with its non-empty queues. Returns 0, or the
// errno of a failed epoll_ctl (EBADF: not open; EPERM: a regular file, never waits).
static int Sync(Readiness* r, int fd) {
  auto found = r->watchers.find(fd);
  if (found == r->watchers.end()) return 0;
  Watcher& watcher = found->second;
  uint32_t wanted = 0;
  for (int d = 0; d < kDirections; d++) {
    if (!watcher.queues[d].empty()) wanted |= kEpollBits[d];
  }
  if (wanted == watcher.registered) {
    if (wanted == 0) r->watchers.erase(found);
    return 0;
  }
  struct epoll_event event = {};
  event.events = wanted;
  event.data.fd = fd;
  int rc;
  if (wanted == 0) {
    // Errors ignored: a fd closed by other means has already left the set.
    epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, &event);
    r->watchers.erase(found);
    return 0;
  }
  if (watcher.registered == 0) {
    rc = epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &event);
    if (rc < 0 && errno == EEXIST) rc = epoll_ctl(r->epfd, EPOLL_CTL_MOD, fd, &event);
  } else {
    rc = epoll_ctl(r->epfd, EPOLL_CTL_MOD, fd, &event);
    // The file was closed by other means (epoll forgot it) and the number reused.
    if (rc < 0 && errno == ENOENT) rc = epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &event);
  }
  if (rc < 0) return errno;
  watcher.registered = wanted;
  return 0;
}

static void Unregister(Readiness* r, Waiter::Registration& registration) {
  if (!registration.active) return;
  registration.active = false;
  auto found = r->watchers.find(registration.fd);
  if (found == r->watchers.end()) return;
  found->second.queues[registration.direction].erase(registration.position);
  Sync(r, registration.fd);
}

// Takes `waiter` out of every queue and the id table, and frees it.
static void Destroy(Readiness* r, Waiter* waiter) {
  for (auto& registration : waiter->registrations) Unregister(r, registration);
  if (waiter->counted && --r->waiting == 0) uv_unref(reinterpret_cast<uv_handle_t*>(r->handle));
  if (waiter->id != 0) r->by_id.erase(waiter->id);
  r->parked.erase(waiter);
  if (waiter->timer != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(waiter->timer), FreeTimer);
  }
  delete waiter;
}

// ---------------------------------------------------------------- settling

static void Resolve(Readiness* r, Waiter* waiter, napi_value value) {
  napi_deferred deferred = waiter->deferred;
  Destroy(r, waiter);
  napi_resolve_deferred(r->env, deferred, value);
}

static void Reject(Readiness* r, Waiter* waiter, napi_value error) {
  napi_deferred deferred = waiter->deferred;
  Destroy(r, waiter);
  napi_reject_deferred(r->env, deferred, error);
}

// Makes waiter's call and settles it, unless the call said EAGAIN (returns false: it
// keeps its place). With `again_is_error` (a fd that cannot be watched) EAGAIN rejects.
static bool Attempt(Readiness* r, Waiter* waiter, bool timed_out, bool again_is_error) {
  Napi::Env env(r->env);
  napi_value result = nullptr;
  bool done;
  waiter->performing = true;
  try {
    done = waiter->Perform(env, &result, timed_out);
  } catch (const Napi::Error& error) {
    waiter->performing = false;
    Reject(r, waiter, error.Value());
    return true;
  }
  waiter->performing = false;
  if (done) {
    Resolve(r, waiter, result);
    return true;
  }
  if (!again_is_error) return false;
  int err = errno;
  try {
    ThrowErrno(env, waiter->Syscall(), err);
  } catch (const Napi::Error& error) {
    Reject(r, waiter, error.Value());
  }
  return true;
}

// ---------------------------------------------------------------- the event loop side

// The epoll fd is readable: some registered fd is ready. Each event wakes the head of the
// queues it concerns; an error or hang-up wakes every queue (the calls return at once).
static void OnEpollReadable(uv_poll_t* handle, int status, int /*events*/) {
  Readiness* r = static_cast<Readiness*>(handle->data);
  if (status < 0) return;
  struct epoll_event events[256];
  int n = epoll_wait(r->epfd, events, 256, 0);
  if (n <= 0) return;
  Napi::Env env(r->env);
  Napi::HandleScope scope(env);
  // Promise reactions (the code after `await`) run when this scope closes.
  napi_callback_scope callback_scope;
  napi_value resource = Napi::Object::New(env);
  napi_open_callback_scope(r->env, resource, r->async_context, &callback_scope);
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
  }
  napi_close_callback_scope(r->env, callback_scope);
}

// A poll() timeout expired: its call is made now (with a timeout of 0, see promises.cc).
static void OnTimeout(uv_timer_t* timer) {
  Waiter* waiter = static_cast<Waiter*>(timer->data);
  Readiness* r = waiter->owner;
  Napi::Env env(r->env);
  Napi::HandleScope scope(env);
  napi_callback_scope callback_scope;
  napi_value resource = Napi::Object::New(env);
  napi_open_callback_scope(r->env, resource, r->async_context, &callback_scope);
  Attempt(r, waiter, true, true);
  napi_close_callback_scope(r->env, callback_scope);
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
  close(r->epfd);
  napi_async_destroy(r->env, r->async_context);
  GetInstance(Napi::Env(r->env)).readiness = nullptr;
  delete r;
}

static Readiness* GetReadiness(Napi::Env env) {
  Instance& instance = GetInstance(env);
  if (instance.readiness != nullptr) return instance.readiness;
  uv_loop_t* loop = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_get_uv_event_loop(env, &loop), nullptr);
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) ThrowErrno(env, "epoll_create1", errno);
  auto* handle = new uv_poll_t;
  int rc = uv_poll_init(loop, handle, epfd);
  if (rc < 0) {
    delete handle;
    close(epfd);
    ThrowErrno(env, "uv_poll_init", -rc);
  }
  auto* r = new Readiness();
  r->env = env;
  r->epfd = epfd;
  r->handle = handle;
  handle->data = r;
  napi_value name = Napi::String::New(env, "bsd-sockets:promises");
  napi_async_init(env, nullptr, name, &r->async_context);
  uv_poll_start(handle, UV_READABLE, OnEpollReadable);
  // Idle, the watcher does not keep the process alive; a waiting call does.
  uv_unref(reinterpret_cast<uv_handle_t*>(handle));
  napi_add_env_cleanup_hook(env, Cleanup, r);
  instance.readiness = r;
  return r;
}

napi_value StartWaiting(Napi::Env env, Waiter* waiter,
                        const std::vector<std::pair<int, Direction>>& interests, int timeout_ms) {
  std::unique_ptr<Waiter> owned(waiter);
  Readiness* r = GetReadiness(env);
  napi_value promise;
  NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &waiter->deferred, &promise), nullptr);
  owned.release();
  waiter->owner = r;
  bool now = timeout_ms == 0;
  for (size_t i = 0; !now && i < interests.size(); i++) {
    auto [fd, direction] = interests[i];
    std::list<Waiter*>& queue = r->watchers[fd].queues[direction];
    queue.push_back(waiter);
    waiter->registrations.push_back({fd, direction, std::prev(queue.end()), true});
    if (Sync(r, fd) != 0) now = true;
  }
  if (now) {
    for (auto& registration : waiter->registrations) Unregister(r, registration);
    waiter->registrations.clear();
    Attempt(r, waiter, timeout_ms == 0, true);
    return promise;
  }
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

void CancelWaiter(Napi::Env env, uint32_t id, Napi::Value reason) {
  Readiness* r = GetInstance(env).readiness;
  if (r == nullptr) return;
  auto found = r->by_id.find(id);
  if (found == r->by_id.end()) return;
  Waiter* waiter = found->second;
  if (waiter->performing) return;  // its call is being made: it settles with its result
  Reject(r, waiter, reason);
}

void ForgetFd(Napi::Env env, int fd) {
  Readiness* r = GetInstance(env).readiness;
  if (r == nullptr) return;
  auto found = r->watchers.find(fd);
  if (found == r->watchers.end()) return;
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
      if (registration.fd == fd) Unregister(r, registration);
    }
  }
  for (Waiter* waiter : waiters) {
    if (waiter->performing) continue;
    try {
      ThrowErrno(env, waiter->Syscall(), EBADF);
    } catch (const Napi::Error& error) {
      Reject(r, waiter, error.Value());
    }
  }
}

napi_value Settled(Napi::Env env, bool ok, Napi::Value value) {
  napi_deferred deferred;
  napi_value promise;
  NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &deferred, &promise), nullptr);
  if (ok) {
    napi_resolve_deferred(env, deferred, value);
  } else {
    napi_reject_deferred(env, deferred, value);
  }
  return promise;
}

}  // namespace bsd
