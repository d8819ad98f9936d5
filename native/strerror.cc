// strerror(3), perror(3).
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

// char *strerror(int errnum);
static Napi::Value Strerror(const Napi::CallbackInfo& info) {
  int errnum = ArgInt(info, 0, "strerror", "errnum");
  return Napi::String::New(info.Env(), strerror(errnum));
}

// void perror(const char *s);
// perror(s) prints the errno of this thread's last failed call; perror(s, errnum) prints
// that errno instead (the TS layer passes a caught error's `errno`). C's own perror does
// the printing, so the bytes on fd 2 are the C library's.
static Napi::Value Perror(const Napi::CallbackInfo& info) {
  std::string s;
  bool has_s = ArgOptionalString(info, 0, "perror", "s", &s);
  int errnum = IsNullish(info, 1) ? LastErrno() : ArgInt(info, 1, "perror", "errnum");
  errno = errnum;
  perror(has_s ? s.c_str() : nullptr);
  return info.Env().Undefined();
}

// The errno recorded by this thread's last failed call.
static Napi::Value GetLastErrno(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), LastErrno());
}

void InitStrerror(Napi::Env env, Napi::Object exports) {
  exports.Set("strerror", Napi::Function::New(env, Strerror, "strerror"));
  exports.Set("perror", Napi::Function::New(env, Perror, "perror"));
  exports.Set("get_errno", Napi::Function::New(env, GetLastErrno, "get_errno"));
}

}  // namespace bsd
