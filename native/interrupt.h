// A Worker blocked in a system call ends when it is terminated.
//
// `worker.terminate()` asks V8 to stop the worker's JavaScript, which it does the next time
// that thread runs JavaScript; a thread blocked in recvfrom(2) runs none, so terminate()
// never settled, and `process.exit()`, which joins every worker, hung until SIGKILL. In C,
// exit() ends the process whatever its threads are doing.
//
// The mechanism (interrupt.cc): each worker thread that loads the addon registers itself
// under its worker threadId. The thread that terminates it (src/worker-exit.ts wraps
// Worker.prototype.terminate, and the main thread's 'exit' event stands for
// process.exit()) marks it as ending; a watchdog thread then sends the worker thread
// kInterruptSignal (pthread_kill(3)) for as long as it is inside a blocking call. The
// handler does nothing and is installed without SA_RESTART, so the call returns -1 with
// EINTR (signal(7): "Interruption of system calls and library functions by signal
// handlers"). The call then waits, at most a second, until Node.js stops the worker's
// environment, and returns: the worker's JavaScript is terminated before it reads the
// result. A call that starts once the thread is marked is not made.
//
// Nothing changes for a thread that is not ending: no signal, no extra system call. The
// main thread is never registered (nothing terminates it but exit()). Not covered: a
// Worker ended by a thread that never loaded bsd-sockets (nothing tells native that it
// ends; watching the worker's libuv wake-ups instead would signal it for every message it
// is sent, and restarting the call then would add a system call C does not make).
#pragma once

#include <node_api.h>

#include <atomic>
#include <cerrno>

#include "boundary.h"

namespace bsd {

// The state of one registered worker thread, shared with the thread that terminates it.
struct WorkerThread {
  std::atomic<bool> in_call{false};  // inside a blocking call: the watchdog signals it
  std::atomic<bool> ending{false};   // terminate() or exit() was asked for
};

// This thread's state, or null (the main thread, a worker that did not register).
WorkerThread* CurrentWorkerThread();

// After a blocking call failed with EINTR on an ending thread: waits, at most a second,
// until Node.js stops this thread's environment (no more JavaScript runs after the call).
void AwaitStop(napi_env env);

// CCall for a call that may block (recv, accept, connect, poll, select…): on an ending
// worker thread the call is not made (-1, EINTR), and a call interrupted by the watchdog
// returns only once the worker's JavaScript is stopped.
template <typename F>
inline auto BlockingCall(napi_env env, Scratch* scratch, F&& call) -> decltype(call()) {
  WorkerThread* thread = CurrentWorkerThread();
  if (thread == nullptr) return CCall(scratch, call);
  thread->in_call.store(true);
  if (thread->ending.load()) {
    thread->in_call.store(false);
    scratch->errno_value = EINTR;
    AwaitStop(env);
    return -1;
  }
  auto result = CCall(scratch, call);
  thread->in_call.store(false);
  if (result == -1 && scratch->errno_value == EINTR && thread->ending.load()) AwaitStop(env);
  return result;
}

}  // namespace bsd
