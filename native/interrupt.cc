// A Worker blocked in a system call ends when it is terminated: see interrupt.h.
#include "interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <unordered_map>

#include "addon.h"

// glibc 2.34 moved libpthread into libc and gave the functions it moved a new version: a
// binary linked here would need pthread_create@GLIBC_2.34. The prebuilt binary must load on
// glibc 2.28 systems (scripts/prebuild.cjs --check), so these two are bound to their first
// version, which every glibc since keeps.
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#if defined(__x86_64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.2.5");
__asm__(".symver pthread_detach,pthread_detach@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.17");
__asm__(".symver pthread_detach,pthread_detach@GLIBC_2.17");
#endif
#endif

namespace bsd {

namespace {

// The signal the watchdog sends. A real-time signal: Node.js, libuv and V8 use none of
// them, and one sent to a thread is queued, never merged with a user's.
int InterruptSignal() {
  return SIGRTMAX - 1;
}

struct Registered {
  pid_t tid;  // the kernel's id of the thread, for tgkill
  WorkerThread* state;
  std::chrono::steady_clock::time_point ending_since;
};

// Every registered worker thread of the process, by worker threadId. Never freed: the
// watchdog thread may still wait on it while the process exits.
//
// Plain pthread mutex and condition variable, tgkill(2) and a function-local static: the
// prebuilt binary must load on glibc 2.28 systems (scripts/prebuild.cjs --check), where
// std::condition_variable::wait (GLIBCXX_3.4.30 from GCC 12), pthread_kill and pthread_once
// (GLIBC_2.34, when libpthread moved into libc) and pthread_cond_clockwait (2.30) do not
// exist. The 5 ms wait is on CLOCK_REALTIME, the condition variable's default: a clock
// step only makes one wait longer or shorter.
struct Registry {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake;
  std::unordered_map<uint32_t, Registered> threads;
  bool watchdog = false;
  Registry() { pthread_cond_init(&wake, nullptr); }
};

Registry& registry() {
  static Registry* r = new Registry();
  return *r;
}

// The registry's mutex, held for a scope.
class Locked {
 public:
  explicit Locked(Registry& r) : r_(r) { pthread_mutex_lock(&r_.mutex); }
  ~Locked() { pthread_mutex_unlock(&r_.mutex); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  Registry& r_;
};

thread_local WorkerThread* current = nullptr;

void OnInterrupt(int) {
  // Nothing: the point is that the blocking call returns EINTR.
}

void InstallHandler() {
  static const bool installed = [] {
    struct sigaction action = {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: the call returns EINTR
    sigaction(InterruptSignal(), &action, nullptr);
    return true;
  }();
  (void)installed;
}

// Signals every ending thread that is inside a blocking call, every 5 ms (a signal that
// lands just before the call starts is lost), for at most 10 s after it was marked.
void* Watchdog(void*) {
  Registry& r = registry();
  const pid_t pid = getpid();
  Locked lock(r);
  for (;;) {
    bool any = false;
    auto now = std::chrono::steady_clock::now();
    for (auto& entry : r.threads) {
      Registered& t = entry.second;
      if (!t.state->ending.load() || now - t.ending_since > std::chrono::seconds(10)) continue;
      any = true;
      if (t.state->in_call.load()) syscall(SYS_tgkill, pid, t.tid, InterruptSignal());
    }
    if (any) {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += 5000000;
      if (until.tv_nsec >= 1000000000) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000;
      }
      pthread_cond_timedwait(&r.wake, &r.mutex, &until);
    } else {
      pthread_cond_wait(&r.wake, &r.mutex);
    }
  }
  return nullptr;
}

void MarkEnding(Registered& t) {
  if (!t.state->ending.exchange(true)) t.ending_since = std::chrono::steady_clock::now();
}

void StartWatchdog(Registry& r) {
  // Called with r.mutex held.
  if (!r.watchdog) {
    pthread_t thread;
    if (pthread_create(&thread, nullptr, Watchdog, nullptr) == 0) {
      pthread_detach(thread);
      r.watchdog = true;
    }
  }
  pthread_cond_broadcast(&r.wake);
}

struct Registration {
  uint32_t thread_id;
  WorkerThread* state;
};

void Unregister(void* data) {
  auto* registration = static_cast<Registration*>(data);
  {
    Registry& r = registry();
    Locked lock(r);
    auto it = r.threads.find(registration->thread_id);
    if (it != r.threads.end() && it->second.state == registration->state) r.threads.erase(it);
  }
  if (current == registration->state) current = nullptr;
  delete registration->state;
  delete registration;
}

uint32_t ThreadIdArgument(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint32_t id = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 ||
      napi_get_value_uint32(env, argv[0], &id) != napi_ok) {
    napi_throw_type_error(env, nullptr, "threadId must be a number");
  }
  return id;
}

// register_worker(threadId): called once on a worker thread when the addon loads.
napi_value RegisterWorker(napi_env env, napi_callback_info info) {
  uint32_t id = ThreadIdArgument(env, info);
  if (current != nullptr || id == 0) return nullptr;
  InstallHandler();
  auto* state = new WorkerThread();
  {
    Registry& r = registry();
    Locked lock(r);
    r.threads[id] = Registered{static_cast<pid_t>(syscall(SYS_gettid)), state, {}};
  }
  current = state;
  napi_add_env_cleanup_hook(env, Unregister, new Registration{id, state});
  return nullptr;
}

// interrupt_worker(threadId): the worker is being terminated.
napi_value InterruptWorker(napi_env env, napi_callback_info info) {
  uint32_t id = ThreadIdArgument(env, info);
  Registry& r = registry();
  Locked lock(r);
  auto it = r.threads.find(id);
  if (it != r.threads.end()) {
    MarkEnding(it->second);
    StartWatchdog(r);
  }
  return nullptr;
}

// interrupt_all(): the process exits (process.exit() on the main thread).
napi_value InterruptAll(napi_env, napi_callback_info) {
  Registry& r = registry();
  Locked lock(r);
  if (r.threads.empty()) return nullptr;
  for (auto& entry : r.threads) MarkEnding(entry.second);
  StartWatchdog(r);
  return nullptr;
}

}  // namespace

WorkerThread* CurrentWorkerThread() {
  return current;
}

void AwaitStop(napi_env env) {
  // Node-API refuses calls that could run JavaScript once the environment is stopping
  // (NAPI_PREAMBLE: can_call_into_js()); napi_has_own_property runs none on a plain object.
  napi_value probe;
  napi_value key;
  if (napi_create_object(env, &probe) != napi_ok ||
      napi_create_string_latin1(env, "x", 1, &key) != napi_ok) {
    return;
  }
  for (int i = 0; i < 1000; i++) {
    bool has = false;
    if (napi_has_own_property(env, probe, key, &has) != napi_ok) return;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, nullptr);
  }
}

void InitInterrupt(Napi::Env env, Napi::Object exports) {
  napi_property_descriptor properties[] = {
      {"register_worker", nullptr, RegisterWorker, nullptr, nullptr, nullptr, napi_default,
       nullptr},
      {"interrupt_worker", nullptr, InterruptWorker, nullptr, nullptr, nullptr, napi_default,
       nullptr},
      {"interrupt_all", nullptr, InterruptAll, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
}

}  // namespace bsd
