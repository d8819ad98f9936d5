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
// dest_addr: 1 for Scratch::addr, 0 for C's NULL.
static napi_value Sendto(napi_env env, napi_callback_info info) {
  Args a(env, info, "sendto");
  int fd = a.Int(0, "sockfd");
  View buf = a.Bytes(1, "buf");
  size_t len = a.Len(2, "len", buf, "buf");
  int flags = a.Int(3, "flags");
  bool dest_addr = a.Int(4, "dest_addr") != 0;
  socklen_t addrlen = a.Uint(5, "addrlen");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  return Return(env, BlockingCall(env, s, [&] {
                  return sendto(fd, buf.data, len, flags,
                                dest_addr ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr,
                                addrlen);
                }));
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
