// send(2), sendto(2), write(2).
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// The buffer of a send: Scratch::small_buf when Scratch::args[4] says TS copied the
// caller's bytes there (the entry is then called with no argument), else the one argument,
// the caller's Uint8Array; Scratch::length is the byte count. Returns false with a JS error
// pending.
static bool SendBuffer(napi_env env, napi_callback_info info, Scratch* s, const char* fn, View* buf,
                       size_t* len) {
  if (s->args[4] != 0) {
    double n = s->length;
    if (!(n >= 0 && n <= static_cast<double>(sizeof s->small_buf))) {
      napi_throw_range_error(env, nullptr,
                             (std::string(fn) + ": len exceeds Scratch::small_buf").c_str());
      return false;
    }
    *buf = View{s->small_buf, sizeof s->small_buf};
    *len = static_cast<size_t>(n);
    return true;
  }
  return ScratchAndBuffer(env, info, fn, buf, len) != nullptr;
}

// ssize_t send(int sockfd, const void *buf, size_t len, int flags);
// The arguments in the scratch: Scratch::args = sockfd, flags, -, -, where buf is
// (SendBuffer); Scratch::length = len. C's result goes to Scratch::result.
static napi_value Send(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SendBuffer(env, info, s, "send", &buf, &len)) return nullptr;
  int fd = s->args[0];
  int flags = s->args[1];
  s->result = BlockingCall(env, s, [&] { return send(fd, buf.data, len, flags); });
  return nullptr;
}

// ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
//                const struct sockaddr *dest_addr, socklen_t addrlen);
// The arguments in the scratch: Scratch::args = sockfd, flags, dest_addr (1 for
// Scratch::addr, 0 for C's NULL), addrlen, where buf is (SendBuffer); Scratch::length =
// len. C's result goes to Scratch::result.
static napi_value Sendto(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SendBuffer(env, info, s, "sendto", &buf, &len)) return nullptr;
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
