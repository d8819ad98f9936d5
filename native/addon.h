// Shared declarations of the bsd_sockets addon.
//
// Every exported function follows the same four steps (as CPython's socketmodule.c does):
// parse the arguments with the helpers of args.h, make the one C library call, test its
// result, and on failure throw with errors.h. Nothing is added to the call: no flag, no
// retry, no hidden setsockopt, so that strace shows what the caller wrote.
#pragma once

#include <napi.h>

namespace bsd {

// The property names of the C structs. (s6_addr is a macro in <netinet/in.h>, hence
// s6_addr_key.) Node-API 9 cannot keep a reference to a string, so names are passed as C
// strings and V8 finds the internalized string on each lookup.
struct Keys {
  const char* ss_family = "ss_family";
  const char* sin_family = "sin_family";
  const char* sin_port = "sin_port";
  const char* sin_addr = "sin_addr";
  const char* s_addr = "s_addr";
  const char* sin6_family = "sin6_family";
  const char* sin6_port = "sin6_port";
  const char* sin6_flowinfo = "sin6_flowinfo";
  const char* sin6_addr = "sin6_addr";
  const char* s6_addr_key = "s6_addr";
  const char* sin6_scope_id = "sin6_scope_id";
  const char* sun_family = "sun_family";
  const char* sun_path = "sun_path";
  const char* sa_data = "sa_data";
  const char* value = "value";
  const char* tv_sec = "tv_sec";
  const char* tv_usec = "tv_usec";
  const char* l_onoff = "l_onoff";
  const char* l_linger = "l_linger";
  const char* fd = "fd";
  const char* events = "events";
  const char* revents = "revents";
  const char* fds_bits = "fds_bits";
};

struct Readiness;  // readiness.h: the waiters of bsd-sockets/promises
struct Scratch;    // boundary.h: the memory shared with TypeScript

// Per add-on instance state (one on the main thread, one per worker_thread).
struct Instance {
  Keys keys;
  Scratch* scratch = nullptr;       // boundary.cc: inside the ArrayBuffer below
  napi_ref scratch_ref = nullptr;   // exports.scratch
  Readiness* readiness = nullptr;         // created by the first promise call of this env
  napi_ref sockaddr_writer = nullptr;     // sockaddr.cc: stores an address's fields, from JS
  napi_ref sockaddr_reader = nullptr;     // sockaddr.cc: reads a sockaddr_in's, from JS
  double* sockaddr_read_slots = nullptr;  // what the reader read
};

Instance& GetInstance(Napi::Env env);
inline const char* Key(const char* name) {
  return name;
}

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
void InitPoll(Napi::Env env, Napi::Object exports);
void InitSelect(Napi::Env env, Napi::Object exports);
void InitFcntl(Napi::Env env, Napi::Object exports);
void InitPromises(Napi::Env env, Napi::Object exports);
void InitMsg(Napi::Env env, Napi::Object exports);
void InitIfname(Napi::Env env, Napi::Object exports);

// Called by close() before the close(2) call: the promises waiting on `fd` reject with
// EBADF, their call not made, and `fd` leaves the readiness watcher (readiness.cc).
void ForgetFd(Napi::Env env, int fd);

}  // namespace bsd
