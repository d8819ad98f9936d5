// getaddrinfo(3), getnameinfo(3), gai_strerror(3).
#include <netdb.h>
#include <stddef.h>
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

// `at` is aligned to alignof(PackedAddrinfo) (Scratch::gai_list, or the start of an
// ArrayBuffer), and so is each record (its size is a multiple of 8): the fields are written
// in place, and the bytes no field writes are zeroed (the padding, ai_addr past
// ai_addrlen, the name's padding).
static void Pack(const struct addrinfo* list, uint8_t* at) {
  size_t offset = 0;
  for (const struct addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    auto* record = reinterpret_cast<PackedAddrinfo*>(at + offset);
    size_t canonname = CanonnameLength(ai);
    size_t stride = Aligned(sizeof *record + canonname);
    memset(record, 0, offsetof(PackedAddrinfo, ai_addr));
    record->ai_flags = ai->ai_flags;
    record->ai_family = ai->ai_family;
    record->ai_socktype = ai->ai_socktype;
    record->ai_protocol = ai->ai_protocol;
    record->ai_addrlen = ai->ai_addrlen;
    record->canonname_length = static_cast<uint32_t>(canonname);
    record->ai_next = ai->ai_next ? static_cast<uint32_t>(offset + stride) : 0;
    // Zeroed whole (a constant size: a few vector stores), then the address copied in.
    memset(&record->ai_addr, 0, sizeof record->ai_addr);
    if (ai->ai_addr != nullptr) {
      size_t n = ai->ai_addrlen < sizeof record->ai_addr ? ai->ai_addrlen : sizeof record->ai_addr;
      memcpy(&record->ai_addr, ai->ai_addr, n);
    }
    if (canonname) {
      memset(at + offset + sizeof *record, 0, stride - sizeof *record);
      memcpy(at + offset + sizeof *record, ai->ai_canonname, canonname);
    }
    offset += stride;
  }
}

// A string argument of getaddrinfo as Scratch::gai_args says: C's NULL (0), the text in
// the scratch (1; its last byte made a NUL, so that C stops inside it whatever TS wrote),
// or the byte view argument i (2, for a string longer than the scratch holds).
static const char* GaiText(napi_env env, napi_callback_info info, int32_t given, char* text,
                           size_t size, size_t i, const char* name, bool* ok) {
  if (given == 0) return nullptr;
  if (given == 1) {
    text[size - 1] = 0;
    return text;
  }
  Args a(env, info, "getaddrinfo");
  const char* view = CString(a, i, name);
  *ok = a.ok();
  return view;
}

// int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
//                 struct addrinfo **res);
// The arguments are in the scratch (Scratch::gai_args, gai_node, gai_service: no
// napi_get_value_* on the common path); C's return value goes to Scratch::result. *res is
// packed into Scratch::gai_list (packed.h) and freed; a list too long for it is packed
// into one new ArrayBuffer of its size, returned (else undefined), as packed.h's Deliver
// does with a number in its place.
static napi_value Getaddrinfo(napi_env env, napi_callback_info info) {
  Scratch* s = ScratchOf(env, info);
  const int32_t* args = s->gai_args;
  bool ok = true;
  const char* node = GaiText(env, info, args[0], s->gai_node, sizeof s->gai_node, 0, "node", &ok);
  if (!ok) return nullptr;
  const char* service =
      GaiText(env, info, args[1], s->gai_service, sizeof s->gai_service, 1, "service", &ok);
  if (!ok) return nullptr;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = args[3];
  hints.ai_family = args[4];
  hints.ai_socktype = args[5];
  hints.ai_protocol = args[6];
  bool has_hints = args[2] != 0;
  struct addrinfo* res = nullptr;
  int rc = CCall(s, [&] { return getaddrinfo(node, service, has_hints ? &hints : nullptr, &res); });
  s->result = rc;
  if (rc != 0) return nullptr;
  size_t size = PackedSize(res);
  napi_value longer = nullptr;
  if (size <= sizeof s->gai_list) {
    Pack(res, s->gai_list);
  } else {
    void* data = nullptr;
    if (napi_create_arraybuffer(env, size, &data, &longer) == napi_ok) {
      Pack(res, static_cast<uint8_t*>(data));
    }
  }
  freeaddrinfo(res);
  return longer;
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
