// getsockname(2), getpeername(2): the address is written into Scratch::addr and its
// length into Scratch::addrlen, which TypeScript set to the caller's capacity. `addr` and
// `addrlen` say whether each pointer is given (1) or C's NULL (0), which the kernel
// answers with EFAULT as in C.
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

using NameCall = int (*)(int, struct sockaddr*, socklen_t*);

static napi_value GetName(napi_env env, napi_callback_info info, const char* fn, NameCall call) {
  Args a(env, info, fn);
  int fd = a.Int(0, "sockfd");
  bool addr = a.Int(1, "addr") != 0;
  bool addrlen = a.Int(2, "addrlen") != 0;
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  return Return(env, CCall(s, [&] {
                  return call(fd, addr ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr,
                              addrlen ? &s->addrlen : nullptr);
                }));
}

// int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static napi_value Getsockname(napi_env env, napi_callback_info info) {
  return GetName(env, info, "getsockname", getsockname);
}

// int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static napi_value Getpeername(napi_env env, napi_callback_info info) {
  return GetName(env, info, "getpeername", getpeername);
}

void InitSockname(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"getsockname", Getsockname}, {"getpeername", Getpeername}};
  Export(env, exports, entries);
}

}  // namespace bsd
