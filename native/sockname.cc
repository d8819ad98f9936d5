// getsockname(2), getpeername(2).
#include <sys/socket.h>

#include <cerrno>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "sockaddr.h"

namespace bsd {

using NameCall = int (*)(int, struct sockaddr*, socklen_t*);

// Both calls have the same shape: fill the caller's object (a new one when none is
// given) and return it.
static Napi::Value GetName(const Napi::CallbackInfo& info, const char* fn, NameCall call) {
  int fd = ArgFd(info, 0, fn, "sockfd");
  OutAddr out;
  ArgOutAddr(info, 1, 2, fn, &out);
  if (out.target.IsEmpty()) {
    // C would fault on a NULL addr (EFAULT); here "no object" means "give me a new one".
    out.target = Napi::Object::New(info.Env());
  }
  if (call(fd, out.sa(), out.len()) < 0) ThrowErrno(info.Env(), fn, errno);
  FinishOutAddr(info.Env(), &out);
  return out.target;
}

// int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static Napi::Value Getsockname(const Napi::CallbackInfo& info) {
  return GetName(info, "getsockname", getsockname);
}

// int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static Napi::Value Getpeername(const Napi::CallbackInfo& info) {
  return GetName(info, "getpeername", getpeername);
}

void InitSockname(Napi::Env env, Napi::Object exports) {
  exports.Set("getsockname", Napi::Function::New(env, Getsockname, "getsockname"));
  exports.Set("getpeername", Napi::Function::New(env, Getpeername, "getpeername"));
}

}  // namespace bsd
