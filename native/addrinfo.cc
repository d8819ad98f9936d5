// getaddrinfo(3), getnameinfo(3), gai_strerror(3).
#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "sockaddr.h"

namespace bsd {

static int OptionalIntField(Napi::Object obj, const char* field) {
  Napi::Value v = obj.Get(field);
  if (v.IsUndefined() || v.IsNull()) return 0;
  return IntFromValue(v, "getaddrinfo", (std::string("hints.") + field).c_str());
}

// Builds the JS list from the C one: same order, same fields, ai_next links, the last
// entry's ai_next null, as the C list ends with NULL.
static Napi::Value ListToJs(Napi::Env env, const struct addrinfo* list) {
  Napi::Value head = env.Null();
  Napi::Object previous;
  for (const struct addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("ai_flags", Napi::Number::New(env, ai->ai_flags));
    entry.Set("ai_family", Napi::Number::New(env, ai->ai_family));
    entry.Set("ai_socktype", Napi::Number::New(env, ai->ai_socktype));
    entry.Set("ai_protocol", Napi::Number::New(env, ai->ai_protocol));
    entry.Set("ai_addrlen", Napi::Number::New(env, ai->ai_addrlen));
    Napi::Object addr = Napi::Object::New(env);
    SockaddrToJs(env, ai->ai_addr, ai->ai_addrlen, addr);
    entry.Set("ai_addr", addr);
    entry.Set("ai_canonname", ai->ai_canonname
                                  ? Napi::Value(Napi::String::New(env, ai->ai_canonname))
                                  : env.Null());
    entry.Set("ai_next", env.Null());
    if (previous.IsEmpty()) {
      head = entry;
    } else {
      previous.Set("ai_next", entry);
    }
    previous = entry;
  }
  return head;
}

// int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
//                 struct addrinfo **res);   → the head of the list (res)
static Napi::Value Getaddrinfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string node, service;
  bool has_node = ArgOptionalString(info, 0, "getaddrinfo", "node", &node);
  bool has_service = ArgOptionalString(info, 1, "getaddrinfo", "service", &service);
  struct addrinfo hints = {};
  bool has_hints = !IsNullish(info, 2);
  if (has_hints) {
    if (!info[2].IsObject()) {
      ThrowTypeError(env, std::string("getaddrinfo: hints must be an object or null, got ") +
                              DescribeType(info[2]));
    }
    Napi::Object h = info[2].As<Napi::Object>();
    hints.ai_flags = OptionalIntField(h, "ai_flags");
    hints.ai_family = OptionalIntField(h, "ai_family");
    hints.ai_socktype = OptionalIntField(h, "ai_socktype");
    hints.ai_protocol = OptionalIntField(h, "ai_protocol");
  }
  struct addrinfo* result = nullptr;
  errno = 0;
  int rc = getaddrinfo(has_node ? node.c_str() : nullptr, has_service ? service.c_str() : nullptr,
                       has_hints ? &hints : nullptr, &result);
  if (rc != 0) ThrowGai(env, "getaddrinfo", rc, errno);
  Napi::Value head;
  try {
    head = ListToJs(env, result);
  } catch (...) {
    freeaddrinfo(result);
    throw;
  }
  // The C list is copied into JS objects: freed here, the JS list belongs to the GC.
  freeaddrinfo(result);
  return head;
}

// int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
//                 socklen_t hostlen, char *serv, socklen_t servlen, int flags);
//   → { host, serv }, with NI_MAXHOST and NI_MAXSERV buffers.
static Napi::Value Getnameinfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SockAddr addr;
  SockaddrFromJs(info[0], "getnameinfo", "addr", &addr);
  int flags = IsNullish(info, 1) ? 0 : ArgInt(info, 1, "getnameinfo", "flags");
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  errno = 0;
  int rc = getnameinfo(addr.get(), addr.length, host, sizeof host, serv, sizeof serv, flags);
  if (rc != 0) ThrowGai(env, "getnameinfo", rc, errno);
  Napi::Object result = Napi::Object::New(env);
  result.Set("host", Napi::String::New(env, host));
  result.Set("serv", Napi::String::New(env, serv));
  return result;
}

// const char *gai_strerror(int errcode);
static Napi::Value GaiStrerror(const Napi::CallbackInfo& info) {
  int code = ArgInt(info, 0, "gai_strerror", "errcode");
  return Napi::String::New(info.Env(), gai_strerror(code));
}

void InitAddrinfo(Napi::Env env, Napi::Object exports) {
  exports.Set("getaddrinfo", Napi::Function::New(env, Getaddrinfo, "getaddrinfo"));
  exports.Set("getnameinfo", Napi::Function::New(env, Getnameinfo, "getnameinfo"));
  exports.Set("gai_strerror", Napi::Function::New(env, GaiStrerror, "gai_strerror"));
}

}  // namespace bsd
