// getsockname(2), getpeername(2): the address is written into Scratch::addr and its
// length into Scratch::addrlen, which TypeScript set to the caller's capacity. The
// arguments are in Scratch::args (sockfd; addr and addrlen, 1 for given or 0 for C's NULL,
// which the kernel answers with EFAULT as in C), C's result goes to Scratch::result: a call
// that reads no JS value and creates none (the floor of issue 21's getsockname).
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

using NameCall = int (*)(int, struct sockaddr*, socklen_t*);

static napi_value GetName(napi_env env, napi_callback_info info, NameCall call) {
  Scratch* s = ScratchOf(env, info);
  int fd = s->args[0];
  bool addr = s->args[1] != 0;
  bool addrlen = s->args[2] != 0;
  s->result = CCall(s, [&] {
    return call(fd, addr ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr,
                addrlen ? &s->addrlen : nullptr);
  });
  return nullptr;
}

// int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static napi_value Getsockname(napi_env env, napi_callback_info info) {
  return GetName(env, info, getsockname);
}

// int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
static napi_value Getpeername(napi_env env, napi_callback_info info) {
  return GetName(env, info, getpeername);
}

void InitSockname(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"getsockname", Getsockname}, {"getpeername", Getpeername}};
  Export(env, exports, entries);
}

}  // namespace bsd
