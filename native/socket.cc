// socket(2), socketpair(2), shutdown(2), close(2).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

// int socket(int domain, int type, int protocol);
static Napi::Value Socket(const Napi::CallbackInfo& info) {
  int domain = ArgInt(info, 0, "socket", "domain");
  int type = ArgInt(info, 1, "socket", "type");
  int protocol = ArgInt(info, 2, "socket", "protocol");
  int fd = socket(domain, type, protocol);
  if (fd < 0) ThrowErrno(info.Env(), "socket", errno);
  return Napi::Number::New(info.Env(), fd);
}

// int socketpair(int domain, int type, int protocol, int sv[2]);  → [sv[0], sv[1]]
static Napi::Value Socketpair(const Napi::CallbackInfo& info) {
  int domain = ArgInt(info, 0, "socketpair", "domain");
  int type = ArgInt(info, 1, "socketpair", "type");
  int protocol = ArgInt(info, 2, "socketpair", "protocol");
  int sv[2];
  if (socketpair(domain, type, protocol, sv) < 0) ThrowErrno(info.Env(), "socketpair", errno);
  Napi::Array result = Napi::Array::New(info.Env(), 2);
  result.Set(0u, Napi::Number::New(info.Env(), sv[0]));
  result.Set(1u, Napi::Number::New(info.Env(), sv[1]));
  return result;
}

// int shutdown(int sockfd, int how);
static Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "shutdown", "sockfd");
  int how = ArgInt(info, 1, "shutdown", "how");
  if (shutdown(fd, how) < 0) ThrowErrno(info.Env(), "shutdown", errno);
  return Napi::Number::New(info.Env(), 0);
}

// int close(int fd);  No retry on EINTR: on Linux the fd is released even then.
static Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "close", "fd");
  ForgetFd(info.Env(), fd);
  if (close(fd) < 0) ThrowErrno(info.Env(), "close", errno);
  return Napi::Number::New(info.Env(), 0);
}

void InitSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("socket", Napi::Function::New(env, Socket, "socket"));
  exports.Set("socketpair", Napi::Function::New(env, Socketpair, "socketpair"));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown, "shutdown"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
}

}  // namespace bsd
