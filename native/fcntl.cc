// fcntl(2), for the commands whose argument is an int or absent: F_GETFL, F_SETFL
// (O_NONBLOCK…), F_GETFD, F_SETFD (FD_CLOEXEC).
//
// Other commands take a pointer (F_GETLK…) or return what this package does not model:
// they are refused with a RangeError rather than given an int they would misread.
#include <fcntl.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

// int fcntl(int fd, int cmd, ... /* int arg */);
// F_GETFL and F_GETFD ignore arg, as the kernel does (`fcntl(s, F_GETFL, 0)` is common).
static Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "fcntl", "fd");
  int cmd = ArgInt(info, 1, "fcntl", "cmd");
  int result;
  if (cmd == F_GETFL || cmd == F_GETFD) {
    if (!IsNullish(info, 2)) ArgInt(info, 2, "fcntl", "arg");
    result = fcntl(fd, cmd);
  } else if (cmd == F_SETFL || cmd == F_SETFD) {
    int arg = ArgInt(info, 2, "fcntl", "arg");
    result = fcntl(fd, cmd, arg);
  } else {
    ThrowRangeError(info.Env(), "fcntl: cmd " + std::to_string(cmd) +
                                    " is not one of F_GETFL, F_SETFL, F_GETFD, F_SETFD");
  }
  if (result < 0) ThrowErrno(info.Env(), "fcntl", errno);
  return Napi::Number::New(info.Env(), result);
}

void InitFcntl(Napi::Env env, Napi::Object exports) {
  exports.Set("fcntl", Napi::Function::New(env, Fcntl, "fcntl"));
}

}  // namespace bsd
