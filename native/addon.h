// Shared declarations of the bsd_sockets addon.
//
// Every exported function is an entry point of the native boundary (boundary.h): it reads
// numbers and byte views, makes the one C library call and returns C's own result.
// Nothing is added to the call: no flag, no retry, no hidden setsockopt, so that strace
// shows what the caller wrote.
#pragma once

#include <napi.h>

namespace bsd {

struct Readiness;  // readiness.h: the waiters of bsd-sockets/promises
struct Scratch;    // boundary.h: the memory shared with TypeScript

// Per add-on instance state (one on the main thread, one per worker_thread).
struct Instance {
  Scratch* scratch = nullptr;      // boundary.cc: inside the ArrayBuffer below
  napi_ref scratch_ref = nullptr;  // exports.scratch
  Readiness* readiness = nullptr;  // created by the first promise call of this env
  // promises.errors(fn): what a failed promise call rejects with (promises.cc)
  napi_ref promise_errors = nullptr;
};

Instance& GetInstance(Napi::Env env);

// One registration function per topic file; each adds its exports to `exports`.
void InitBoundary(Napi::Env env, Napi::Object exports);
void InitLayout(Napi::Env env, Napi::Object exports);
void InitConstants(Napi::Env env, Napi::Object exports);
void InitSocket(Napi::Env env, Napi::Object exports);
void InitConnection(Napi::Env env, Napi::Object exports);
void InitSockname(Napi::Env env, Napi::Object exports);
void InitSend(Napi::Env env, Napi::Object exports);
void InitRecv(Napi::Env env, Napi::Object exports);
void InitSockopt(Napi::Env env, Napi::Object exports);
void InitAddrinfo(Napi::Env env, Napi::Object exports);
void InitHostent(Napi::Env env, Napi::Object exports);
void InitInet(Napi::Env env, Napi::Object exports);
void InitStrerror(Napi::Env env, Napi::Object exports);
void InitMalloc(Napi::Env env, Napi::Object exports);
void InitPoll(Napi::Env env, Napi::Object exports);
void InitSelect(Napi::Env env, Napi::Object exports);
void InitFcntl(Napi::Env env, Napi::Object exports);
void InitPromises(Napi::Env env, Napi::Object exports);
void InitMsg(Napi::Env env, Napi::Object exports);
void InitIfname(Napi::Env env, Napi::Object exports);
void InitInterrupt(Napi::Env env, Napi::Object exports);
void InitBench(Napi::Env env, Napi::Object exports);

// Called by close() before the close(2) call: the promises waiting on `fd` reject with
// EBADF, their call not made, and `fd` leaves the readiness watcher (readiness.cc).
void ForgetFd(Napi::Env env, int fd);

// Called by the calls that make fds (socket, socketpair, accept, accept4): a number may be
// a new file's, so the readiness watcher no longer trusts the registrations it kept armed
// (readiness.cc, Watcher::epoch).
void FdsChanged();

// Called by the synchronous calls that take input (recv, recvfrom, read, recvmsg): the
// readiness watcher then asks its epoll set again rather than trust libuv's last report
// (readiness.cc, SoleInputFd).
void InputTaken();

}  // namespace bsd
