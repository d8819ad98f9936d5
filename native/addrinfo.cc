// getaddrinfo(3), getnameinfo(3), gai_strerror(3).
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"
#include "packed.h"
#include "text.h"

namespace bsd {

static size_t Aligned(size_t n) {
  return (n + alignof(PackedAddrinfo) - 1) & ~(alignof(PackedAddrinfo) - 1);
}

static size_t CanonnameLength(const struct addrinfo* ai) {
  return ai->ai_canonname ? strlen(ai->ai_canonname) + 1 : 0;
}

// The bytes of the packed list (packed.h).
static size_t PackedSize(const struct addrinfo* list) {
  size_t size = 0;
  for (const struct addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    size += Aligned(sizeof(PackedAddrinfo) + CanonnameLength(ai));
  }
  return size;
}

static void Pack(const struct addrinfo* list, uint8_t* at) {
  size_t offset = 0;
  for (const struct addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    PackedAddrinfo record;
    memset(&record, 0, sizeof record);
    size_t canonname = CanonnameLength(ai);
    size_t stride = Aligned(sizeof record + canonname);
    record.ai_flags = ai->ai_flags;
    record.ai_family = ai->ai_family;
    record.ai_socktype = ai->ai_socktype;
    record.ai_protocol = ai->ai_protocol;
    record.ai_addrlen = ai->ai_addrlen;
    record.canonname_length = static_cast<uint32_t>(canonname);
    record.ai_next = ai->ai_next ? static_cast<uint32_t>(offset + stride) : 0;
    if (ai->ai_addr != nullptr) {
      size_t n = ai->ai_addrlen < sizeof record.ai_addr ? ai->ai_addrlen : sizeof record.ai_addr;
      memcpy(&record.ai_addr, ai->ai_addr, n);
    }
    // memcpy: the caller's bytes need not be aligned.
    memcpy(at + offset, &record, sizeof record);
    memset(at + offset + sizeof record, 0, stride - sizeof record);
    if (canonname) memcpy(at + offset + sizeof record, ai->ai_canonname, canonname);
    offset += stride;
  }
}

// int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
//                 struct addrinfo **res);
// hints: `hints` 1 for a struct whose ai_flags, ai_family, ai_socktype and ai_protocol are
// the next four numbers (its other fields zero), 0 for NULL. *res is packed into `list`
// (packed.h) and freed; returns C's value, or the ArrayBuffer of a list too long for `list`.
static napi_value Getaddrinfo(napi_env env, napi_callback_info info) {
  Args a(env, info, "getaddrinfo");
  const char* node = CString(a, 0, "node", true);
  const char* service = CString(a, 1, "service", true);
  bool has_hints = a.Int(2, "hints") != 0;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = a.Int(3, "ai_flags");
  hints.ai_family = a.Int(4, "ai_family");
  hints.ai_socktype = a.Int(5, "ai_socktype");
  hints.ai_protocol = a.Int(6, "ai_protocol");
  View list = a.Bytes(7, "list");
  if (!a.ok()) return nullptr;
  struct addrinfo* res = nullptr;
  int rc = CCall(a.scratch(),
                 [&] { return getaddrinfo(node, service, has_hints ? &hints : nullptr, &res); });
  if (rc != 0) return Return(env, rc);
  napi_value result = Deliver(env, list, PackedSize(res), rc, [&](uint8_t* at) { Pack(res, at); });
  freeaddrinfo(res);
  return result;
}

// int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
//                 socklen_t hostlen, char *serv, socklen_t servlen, int flags);
// addr is Scratch::addr; host and serv are byte views (null for C's NULL), hostlen and
// servlen checked against them.
static napi_value Getnameinfo(napi_env env, napi_callback_info info) {
  Args a(env, info, "getnameinfo");
  socklen_t addrlen = a.Uint(0, "addrlen");
  View host = a.Bytes(1, "host", true);
  size_t hostlen = a.Len(2, "hostlen", host, "host");
  View serv = a.Bytes(3, "serv", true);
  size_t servlen = a.Len(4, "servlen", serv, "serv");
  int flags = a.Int(5, "flags");
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  // addrlen beyond the scratch's sockaddr_storage would make C read past it.
  if (addrlen > sizeof s->addr) {
    a.Fail(true, 0, "addrlen", "exceeds sizeof(struct sockaddr_storage)");
    return nullptr;
  }
  return Return(env, CCall(s, [&] {
                  return getnameinfo(
                      reinterpret_cast<struct sockaddr*>(&s->addr), addrlen,
                      reinterpret_cast<char*>(host.data), static_cast<socklen_t>(hostlen),
                      reinterpret_cast<char*>(serv.data), static_cast<socklen_t>(servlen), flags);
                }));
}

// const char *gai_strerror(int errcode);  the text is copied into `buf` (text.h).
static napi_value GaiStrerror(napi_env env, napi_callback_info info) {
  Args a(env, info, "gai_strerror");
  int errcode = a.Int(0, "errcode");
  View buf = a.Bytes(1, "buf");
  if (!a.ok()) return nullptr;
  const char* text = CCall(a.scratch(), [&] { return gai_strerror(errcode); });
  return Return(env, static_cast<double>(CopyText(buf, text)));
}

void InitAddrinfo(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"getaddrinfo", Getaddrinfo},
      {"getnameinfo", Getnameinfo},
      {"gai_strerror", GaiStrerror},
  };
  Export(env, exports, entries);
}

}  // namespace bsd
