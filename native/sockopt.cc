// setsockopt(2), getsockopt(2).
//
// optval is a byte view: the caller's Uint8Array, or the view of Scratch::optval into which
// TypeScript encoded an int, a struct timeval or a struct linger (src/struct/timeval.ts).
// Native does not know the option's C type: the kernel reads and writes optlen bytes, as
// in C. The one check is that those bytes lie inside the view.
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

// int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
// optval null is C's NULL (the kernel answers EFAULT, or EINVAL for a short optlen).
static napi_value Setsockopt(napi_env env, napi_callback_info info) {
  Args a(env, info, "setsockopt");
  int fd = a.Int(0, "sockfd");
  int level = a.Int(1, "level");
  int optname = a.Int(2, "optname");
  View optval = a.Bytes(3, "optval", true);
  // With NULL, optlen is the kernel's business (it reads nothing past an EFAULT).
  socklen_t optlen = optval.data ? static_cast<socklen_t>(a.Len(4, "optlen", optval, "optval"))
                                 : a.Uint(4, "optlen");
  if (!a.ok()) return nullptr;
  return Return(
      env, CCall(a.scratch(), [&] { return setsockopt(fd, level, optname, optval.data, optlen); }));
}

// int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
// *optlen is Scratch::optlen (TS writes the capacity before, reads the length after);
// optlen 0 is C's NULL. The kernel writes at most *optlen bytes into optval: more than
// the view holds is a RangeError, never a write past it.
static napi_value Getsockopt(napi_env env, napi_callback_info info) {
  Args a(env, info, "getsockopt");
  int fd = a.Int(0, "sockfd");
  int level = a.Int(1, "level");
  int optname = a.Int(2, "optname");
  View optval = a.Bytes(3, "optval", true);
  bool optlen = a.Int(4, "optlen") != 0;
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  if (optlen && optval.data && s->optlen > optval.length) {
    a.Fail(true, 4, "optlen", "(*optlen) is beyond the bytes of optval");
    return nullptr;
  }
  return Return(env, CCall(s, [&] {
                  return getsockopt(fd, level, optname, optval.data, optlen ? &s->optlen : nullptr);
                }));
}

void InitSockopt(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"setsockopt", Setsockopt}, {"getsockopt", Getsockopt}};
  Export(env, exports, entries);
}

}  // namespace bsd
