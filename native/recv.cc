// recv(2), recvfrom(2), read(2).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "sockaddr.h"

namespace bsd {

// ssize_t recv(int sockfd, void *buf, size_t len, int flags);
static Napi::Value Recv(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "recv", "sockfd");
  Bytes buf = ArgBytes(info, 1, "recv", "buf");
  size_t len = ArgLen(info, 2, "recv", "len", buf.length, "buf");
  int flags = ArgInt(info, 3, "recv", "flags");
  ssize_t n = recv(fd, buf.data, len, flags);
  if (n < 0) ThrowErrno(info.Env(), "recv", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
//                  struct sockaddr *src_addr, socklen_t *addrlen);
static Napi::Value Recvfrom(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "recvfrom", "sockfd");
  int flags = ArgInt(info, 3, "recvfrom", "flags");
  // Reading addrlen's `value` can run a getter, which could detach or shrink buf: the
  // buffer's pointer is taken after it (see ArgBytes).
  OutAddr out;
  ArgOutAddr(info, 4, 5, "recvfrom", &out);
  Bytes buf = ArgBytes(info, 1, "recvfrom", "buf");
  size_t len = ArgLen(info, 2, "recvfrom", "len", buf.length, "buf");
  ssize_t n = recvfrom(fd, buf.data, len, flags, out.sa(), out.len());
  if (n < 0) ThrowErrno(info.Env(), "recvfrom", errno);
  FinishOutAddr(info.Env(), &out);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// ssize_t read(int fd, void *buf, size_t count);
static Napi::Value Read(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "read", "fd");
  Bytes buf = ArgBytes(info, 1, "read", "buf");
  size_t count = ArgLen(info, 2, "read", "count", buf.length, "buf");
  ssize_t n = read(fd, buf.data, count);
  if (n < 0) ThrowErrno(info.Env(), "read", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

void InitRecv(Napi::Env env, Napi::Object exports) {
  exports.Set("recv", Napi::Function::New(env, Recv, "recv"));
  exports.Set("recvfrom", Napi::Function::New(env, Recvfrom, "recvfrom"));
  exports.Set("read", Napi::Function::New(env, Read, "read"));
}

}  // namespace bsd
