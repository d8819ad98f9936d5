// bind(2), listen(2), accept(2), accept4(2), connect(2).
//
// The address is Scratch::addr, encoded by TypeScript before the call (bind, connect) or
// decoded by it after (accept). For accept, the arguments `addr` and `addrlen` say whether
// each pointer is given (1: Scratch::addr, Scratch::addrlen) or C's NULL (0).
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

static struct sockaddr* Addr(Scratch* s, bool given) {
  return given ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr;
}
static socklen_t* Addrlen(Scratch* s, bool given) {
  return given ? &s->addrlen : nullptr;
}

// int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
static napi_value Bind(napi_env env, napi_callback_info info) {
  Args a(env, info, "bind");
  int fd = a.Int(0, "sockfd");
  socklen_t addrlen = a.Uint(1, "addrlen");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  return Return(env, CCall(s, [&] { return bind(fd, Addr(s, true), addrlen); }));
}

// int listen(int sockfd, int backlog);
static napi_value Listen(napi_env env, napi_callback_info info) {
  Args a(env, info, "listen");
  int fd = a.Int(0, "sockfd");
  int backlog = a.Int(1, "backlog");
  if (!a.ok()) return nullptr;
  return Return(env, CCall(a.scratch(), [&] { return listen(fd, backlog); }));
}

// int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static napi_value Accept(napi_env env, napi_callback_info info) {
  Args a(env, info, "accept");
  int fd = a.Int(0, "sockfd");
  bool addr = a.Int(1, "addr") != 0;
  bool addrlen = a.Int(2, "addrlen") != 0;
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  FdsChanged();
  return Return(
      env, BlockingCall(env, s, [&] { return accept(fd, Addr(s, addr), Addrlen(s, addrlen)); }));
}

// int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
static napi_value Accept4(napi_env env, napi_callback_info info) {
  Args a(env, info, "accept4");
  int fd = a.Int(0, "sockfd");
  bool addr = a.Int(1, "addr") != 0;
  bool addrlen = a.Int(2, "addrlen") != 0;
  int flags = a.Int(3, "flags");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  FdsChanged();
  return Return(env, BlockingCall(env, s, [&] {
                  return accept4(fd, Addr(s, addr), Addrlen(s, addrlen), flags);
                }));
}

// int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
static napi_value Connect(napi_env env, napi_callback_info info) {
  Args a(env, info, "connect");
  int fd = a.Int(0, "sockfd");
  socklen_t addrlen = a.Uint(1, "addrlen");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  return Return(env, BlockingCall(env, s, [&] { return connect(fd, Addr(s, true), addrlen); }));
}

void InitConnection(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"bind", Bind},       {"listen", Listen},   {"accept", Accept},
      {"accept4", Accept4}, {"connect", Connect},
  };
  Export(env, exports, entries);
}

}  // namespace bsd
