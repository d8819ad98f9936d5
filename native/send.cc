// send(2), sendto(2), write(2).
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// ssize_t send(int sockfd, const void *buf, size_t len, int flags);
// The arguments in the scratch: Scratch::args = sockfd, flags, -, -, where buf is
// (SmallOrViewBuffer); Scratch::length = len. C's result goes to Scratch::result.
static napi_value Send(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SmallOrViewBuffer(env, info, s, "send", &buf, &len)) return nullptr;
  int fd = s->args[0];
  int flags = s->args[1];
  s->result = BlockingCall(env, s, [&] { return send(fd, buf.data, len, flags); });
  return nullptr;
}

// ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
//                const struct sockaddr *dest_addr, socklen_t addrlen);
// The arguments in the scratch: Scratch::args = sockfd, flags, dest_addr (1 for
// Scratch::addr, 0 for C's NULL), addrlen, where buf is (SmallOrViewBuffer); Scratch::length =
// len. C's result goes to Scratch::result.
static napi_value Sendto(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SmallOrViewBuffer(env, info, s, "sendto", &buf, &len)) return nullptr;
  int fd = s->args[0];
  int flags = s->args[1];
  bool dest_addr = s->args[2] != 0;
  socklen_t addrlen = static_cast<socklen_t>(s->args[3]);
  s->result = BlockingCall(env, s, [&] {
    return sendto(fd, buf.data, len, flags,
                  dest_addr ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr, addrlen);
  });
  return nullptr;
}

// ssize_t write(int fd, const void *buf, size_t count);
static napi_value Write(napi_env env, napi_callback_info info) {
  Args a(env, info, "write");
  int fd = a.Int(0, "fd");
  View buf = a.Bytes(1, "buf");
  size_t count = a.Len(2, "count", buf, "buf");
  if (!a.ok()) return nullptr;
  return Return(env, BlockingCall(env, a.scratch(), [&] { return write(fd, buf.data, count); }));
}

void InitSend(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"send", Send}, {"sendto", Sendto}, {"write", Write}};
  Export(env, exports, entries);
}

}  // namespace bsd
