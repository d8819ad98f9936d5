// fcntl(2), for the commands whose argument is an int or absent: F_GETFL, F_SETFL
// (O_NONBLOCK…), F_GETFD, F_SETFD (FD_CLOEXEC).
//
// Other commands take a pointer (F_GETLK, F_SETLK, F_GETOWN_EX…): an int given to them
// would be read by the kernel as an address. They are refused with a RangeError, here as
// the last guard and in src/c/fcntl.ts with the message a user sees.
#include <fcntl.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

// int fcntl(int fd, int cmd, ... /* int arg */);
// arg is passed to every command; F_GETFL and F_GETFD ignore it, as the kernel does
// (strace shows `fcntl(3, F_GETFL)` either way).
static napi_value Fcntl(napi_env env, napi_callback_info info) {
  Args a(env, info, "fcntl");
  int fd = a.Int(0, "fd");
  int cmd = a.Int(1, "cmd");
  int arg = a.Int(2, "arg");
  if (!a.ok()) return nullptr;
  if (cmd != F_GETFL && cmd != F_SETFL && cmd != F_GETFD && cmd != F_SETFD) {
    a.Fail(true, 1, "cmd", "is not one of F_GETFL, F_SETFL, F_GETFD, F_SETFD");
    return nullptr;
  }
  return Return(env, CCall(a.scratch(), [&] { return fcntl(fd, cmd, arg); }));
}

void InitFcntl(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"fcntl", Fcntl}};
  Export(env, exports, entries);
}

}  // namespace bsd
