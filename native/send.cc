// send(2), sendto(2), write(2).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "sockaddr.h"

namespace bsd {

// ssize_t send(int sockfd, const void *buf, size_t len, int flags);
static Napi::Value Send(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "send", "sockfd");
  Bytes buf = ArgBytes(info, 1, "send", "buf");
  size_t len = ArgLen(info, 2, "send", "len", buf.length, "buf");
  int flags = ArgInt(info, 3, "send", "flags");
  ssize_t n = send(fd, buf.data, len, flags);
  if (n < 0) ThrowErrno(info.Env(), "send", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
//                const struct sockaddr *dest_addr, socklen_t addrlen);
// dest_addr null/undefined is C's NULL with addrlen 0 (a connected socket).
static Napi::Value Sendto(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "sendto", "sockfd");
  int flags = ArgInt(info, 3, "sendto", "flags");
  // Reading dest_addr's fields can run getters, which could detach or shrink buf: the
  // buffer's pointer is taken after them (see ArgBytes).
  bool has_addr = !IsNullish(info, 4);
  SockAddr addr;
  if (has_addr) SockaddrFromJs(info[4], "sendto", "dest_addr", &addr);
  Bytes buf = ArgBytes(info, 1, "sendto", "buf");
  size_t len = ArgLen(info, 2, "sendto", "len", buf.length, "buf");
  ssize_t n =
      sendto(fd, buf.data, len, flags, has_addr ? addr.get() : nullptr, has_addr ? addr.length : 0);
  if (n < 0) ThrowErrno(info.Env(), "sendto", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// ssize_t write(int fd, const void *buf, size_t count);
static Napi::Value Write(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "write", "fd");
  Bytes buf = ArgBytes(info, 1, "write", "buf");
  size_t count = ArgLen(info, 2, "write", "count", buf.length, "buf");
  ssize_t n = write(fd, buf.data, count);
  if (n < 0) ThrowErrno(info.Env(), "write", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

void InitSend(Napi::Env env, Napi::Object exports) {
  exports.Set("send", Napi::Function::New(env, Send, "send"));
  exports.Set("sendto", Napi::Function::New(env, Sendto, "sendto"));
  exports.Set("write", Napi::Function::New(env, Write, "write"));
}

}  // namespace bsd
