// socket(2), socketpair(2), shutdown(2), close(2).
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

// int socket(int domain, int type, int protocol);
static napi_value Socket(napi_env env, napi_callback_info info) {
  Args a(env, info, "socket");
  int domain = a.Int(0, "domain");
  int type = a.Int(1, "type");
  int protocol = a.Int(2, "protocol");
  if (!a.ok()) return nullptr;
  FdsChanged();
  return Return(env, CCall(a.scratch(), [&] { return socket(domain, type, protocol); }));
}

// int socketpair(int domain, int type, int protocol, int sv[2]);  sv is Scratch::sv.
static napi_value Socketpair(napi_env env, napi_callback_info info) {
  Args a(env, info, "socketpair");
  int domain = a.Int(0, "domain");
  int type = a.Int(1, "type");
  int protocol = a.Int(2, "protocol");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  FdsChanged();
  return Return(env, CCall(s, [&] { return socketpair(domain, type, protocol, s->sv); }));
}

// int shutdown(int sockfd, int how);
static napi_value Shutdown(napi_env env, napi_callback_info info) {
  Args a(env, info, "shutdown");
  int fd = a.Int(0, "sockfd");
  int how = a.Int(1, "how");
  if (!a.ok()) return nullptr;
  return Return(env, CCall(a.scratch(), [&] { return shutdown(fd, how); }));
}

// int close(int fd);  No retry on EINTR: on Linux the fd is released even then.
// close(): fd in Scratch::args[0], C's result in Scratch::result.
static napi_value Close(napi_env env, napi_callback_info info) {
  Scratch* s = ScratchOf(env, info);
  int fd = s->args[0];
  // The promises waiting on fd reject with EBADF, their call not made (readiness.cc).
  if (fd >= 0) ForgetFd(Napi::Env(env), fd);
  s->result = CCall(s, [&] { return close(fd); });
  return nullptr;
}

void InitSocket(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"socket", Socket},
      {"socketpair", Socketpair},
      {"shutdown", Shutdown},
      {"close", Close},
  };
  Export(env, exports, entries);
}

}  // namespace bsd
