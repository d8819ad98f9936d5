// send(2), sendto(2), write(2).
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// ssize_t send(int sockfd, const void *buf, size_t len, int flags);
static napi_value Send(napi_env env, napi_callback_info info) {
  Args a(env, info, "send");
  int fd = a.Int(0, "sockfd");
  View buf = a.Bytes(1, "buf");
  size_t len = a.Len(2, "len", buf, "buf");
  int flags = a.Int(3, "flags");
  if (!a.ok()) return nullptr;
  return Return(env,
                BlockingCall(env, a.scratch(), [&] { return send(fd, buf.data, len, flags); }));
}

// ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
//                const struct sockaddr *dest_addr, socklen_t addrlen);
// The arguments in the scratch: Scratch::args = sockfd, flags, dest_addr (1 for
// Scratch::addr, 0 for C's NULL), addrlen, and where buf is: 1 for Scratch::small_buf (TS
// copied the caller's bytes there; the entry is called with no argument), 0 for the one
// argument, the caller's Uint8Array. Scratch::length = len. C's result goes to
// Scratch::result.
static napi_value Sendto(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (s->args[4] != 0) {
    double n = s->length;
    if (!(n >= 0 && n <= static_cast<double>(sizeof s->small_buf))) {
      napi_throw_range_error(env, nullptr, "sendto: len exceeds Scratch::small_buf");
      return nullptr;
    }
    buf = View{s->small_buf, sizeof s->small_buf};
    len = static_cast<size_t>(n);
  } else if (ScratchAndBuffer(env, info, "sendto", &buf, &len) == nullptr) {
    return nullptr;
  }
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
