#include "errors.h"

#include <netdb.h>
#include <string.h>

#include <string>

namespace bsd {

// errno itself cannot be kept: V8 and libuv run between the failed call and a later
// perror() and may overwrite it. One copy per thread, as errno is per thread in C.
static thread_local int last_errno = 0;

int LastErrno() {
  return last_errno;
}

void ThrowErrno(Napi::Env env, const char* syscall, int err) {
  last_errno = err;
  const char* name = ErrnoName(err);
  Napi::Error error = Napi::Error::New(env, std::string(syscall) + ": " + strerror(err));
  error.Set("errno", Napi::Number::New(env, err));
  error.Set("code", name ? Napi::String::New(env, name) : Napi::String::New(env, "UNKNOWN"));
  error.Set("syscall", Napi::String::New(env, syscall));
  throw error;
}

void ThrowGai(Napi::Env env, const char* function, int code, int saved_errno) {
  if (code == EAI_SYSTEM) ThrowErrno(env, function, saved_errno);
  const char* name = GaiErrorName(code);
  Napi::Error error = Napi::Error::New(env, std::string(function) + ": " + gai_strerror(code));
  // errno holds the EAI_* value itself, which is what the C function returned.
  error.Set("errno", Napi::Number::New(env, code));
  error.Set("code", name ? Napi::String::New(env, name) : Napi::String::New(env, "EAI_UNKNOWN"));
  error.Set("syscall", Napi::String::New(env, function));
  throw error;
}

}  // namespace bsd
