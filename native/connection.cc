// bind(2), listen(2), accept(2), connect(2).
#include <sys/socket.h>

#include <cerrno>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "sockaddr.h"

namespace bsd {

// int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
static Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "bind", "sockfd");
  SockAddr addr;
  SockaddrFromJs(info[1], "bind", "addr", &addr);
  if (bind(fd, addr.get(), addr.length) < 0) ThrowErrno(info.Env(), "bind", errno);
  return Napi::Number::New(info.Env(), 0);
}

// int listen(int sockfd, int backlog);
static Napi::Value Listen(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "listen", "sockfd");
  int backlog = ArgInt(info, 1, "listen", "backlog");
  if (listen(fd, backlog) < 0) ThrowErrno(info.Env(), "listen", errno);
  return Napi::Number::New(info.Env(), 0);
}

// int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static Napi::Value Accept(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "accept", "sockfd");
  OutAddr out;
  ArgOutAddr(info, 1, 2, "accept", &out);
  int client = accept(fd, out.sa(), out.len());
  if (client < 0) ThrowErrno(info.Env(), "accept", errno);
  FinishOutAddr(info.Env(), &out);
  return Napi::Number::New(info.Env(), client);
}

// int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
// flags: SOCK_NONBLOCK, SOCK_CLOEXEC, set on the new fd in the same call.
static Napi::Value Accept4(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "accept4", "sockfd");
  OutAddr out;
  ArgOutAddr(info, 1, 2, "accept4", &out);
  int flags = ArgInt(info, 3, "accept4", "flags");
  int client = accept4(fd, out.sa(), out.len(), flags);
  if (client < 0) ThrowErrno(info.Env(), "accept4", errno);
  FinishOutAddr(info.Env(), &out);
  return Napi::Number::New(info.Env(), client);
}

// int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
static Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "connect", "sockfd");
  SockAddr addr;
  SockaddrFromJs(info[1], "connect", "addr", &addr);
  if (connect(fd, addr.get(), addr.length) < 0) ThrowErrno(info.Env(), "connect", errno);
  return Napi::Number::New(info.Env(), 0);
}

void InitConnection(Napi::Env env, Napi::Object exports) {
  exports.Set("bind", Napi::Function::New(env, Bind, "bind"));
  exports.Set("listen", Napi::Function::New(env, Listen, "listen"));
  exports.Set("accept", Napi::Function::New(env, Accept, "accept"));
  exports.Set("accept4", Napi::Function::New(env, Accept4, "accept4"));
  exports.Set("connect", Napi::Function::New(env, Connect, "connect"));
}

}  // namespace bsd
