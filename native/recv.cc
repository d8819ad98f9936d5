// recv(2), recvfrom(2), read(2).
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// ssize_t recv(int sockfd, void *buf, size_t len, int flags);
// The arguments in the scratch: Scratch::args = sockfd, flags, -, -, where buf is
// (SmallOrViewBuffer); Scratch::length = len; C's result in Scratch::result.
static napi_value Recv(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SmallOrViewBuffer(env, info, s, "recv", &buf, &len)) return nullptr;
  InputTaken();
  int fd = s->args[0];
  int flags = s->args[1];
  s->result = BlockingCall(env, s, [&] { return recv(fd, buf.data, len, flags); });
  return nullptr;
}

// ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
//                  struct sockaddr *src_addr, socklen_t *addrlen);
// src_addr, addrlen: 1 for Scratch::addr and Scratch::addrlen, 0 for C's NULL.
// The arguments in the scratch: Scratch::args = sockfd, flags, src_addr, addrlen, where
// buf is (SmallOrViewBuffer); Scratch::length = len; C's result in Scratch::result.
static napi_value Recvfrom(napi_env env, napi_callback_info info) {
  View buf;
  size_t len = 0;
  Scratch* s = ScratchOf(env, info);
  if (!SmallOrViewBuffer(env, info, s, "recvfrom", &buf, &len)) return nullptr;
  int fd = s->args[0];
  int flags = s->args[1];
  bool src_addr = s->args[2] != 0;
  bool addrlen = s->args[3] != 0;
  InputTaken();
  s->result = BlockingCall(env, s, [&] {
    return recvfrom(fd, buf.data, len, flags,
                    src_addr ? reinterpret_cast<struct sockaddr*>(&s->addr) : nullptr,
                    addrlen ? &s->addrlen : nullptr);
  });
  return nullptr;
}

// ssize_t read(int fd, void *buf, size_t count);
static napi_value Read(napi_env env, napi_callback_info info) {
  Args a(env, info, "read");
  int fd = a.Int(0, "fd");
  View buf = a.Bytes(1, "buf");
  size_t count = a.Len(2, "count", buf, "buf");
  if (!a.ok()) return nullptr;
  InputTaken();
  return Return(env, BlockingCall(env, a.scratch(), [&] { return read(fd, buf.data, count); }));
}

void InitRecv(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"recv", Recv}, {"recvfrom", Recvfrom}, {"read", Read}};
  Export(env, exports, entries);
}

}  // namespace bsd
