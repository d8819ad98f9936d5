// inet_pton(3), inet_ntop(3), inet_aton(3), inet_ntoa(3), inet_addr(3).
//
// Addresses cross as bytes: the `void *` of an in_addr (4 bytes) or in6_addr (16), which
// src/c/inet.ts encodes from and decodes to the structs; text as NUL-terminated bytes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "addon.h"
#include "boundary.h"
#include "text.h"

namespace bsd {

// The bytes C reads or writes through the `void *` for family af: 0 for a family it
// refuses (EAFNOSUPPORT) without touching them.
static size_t AddressSize(int af) {
  return af == AF_INET ? sizeof(struct in_addr) : af == AF_INET6 ? sizeof(struct in6_addr) : 0;
}

static bool HoldsAddress(Args& a, size_t i, const char* name, const View& v, int af) {
  if (v.length < AddressSize(af)) {
    a.Fail(true, i, name, "is too small for the address of af");
    return false;
  }
  return true;
}

// int inet_pton(int af, const char *src, void *dst);
static napi_value InetPton(napi_env env, napi_callback_info info) {
  Args a(env, info, "inet_pton");
  int af = a.Int(0, "af");
  const char* src = CString(a, 1, "src");
  View dst = a.Bytes(2, "dst");
  if (!a.ok() || !HoldsAddress(a, 2, "dst", dst, af)) return nullptr;
  return Return(env, CCall(a.scratch(), [&] { return inet_pton(af, src, dst.data); }));
}

// const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
// Returns 0 for NULL, else strlen(dst) (never 0: no address prints as "").
static napi_value InetNtop(napi_env env, napi_callback_info info) {
  Args a(env, info, "inet_ntop");
  int af = a.Int(0, "af");
  View src = a.Bytes(1, "src");
  View dst = a.Bytes(2, "dst");
  size_t size = a.Len(3, "size", dst, "dst");
  if (!a.ok() || !HoldsAddress(a, 1, "src", src, af)) return nullptr;
  const char* text = CCall(a.scratch(), [&] {
    return inet_ntop(af, src.data, reinterpret_cast<char*>(dst.data), static_cast<socklen_t>(size));
  });
  return Return(env, text ? static_cast<double>(strlen(text)) : 0);
}

// int inet_aton(const char *cp, struct in_addr *inp);  inp: 4 bytes.
static napi_value InetAton(napi_env env, napi_callback_info info) {
  Args a(env, info, "inet_aton");
  const char* cp = CString(a, 0, "cp");
  View inp = a.Bytes(1, "inp");
  if (!a.ok() || !HoldsAddress(a, 1, "inp", inp, AF_INET)) return nullptr;
  struct in_addr addr;
  int rc = CCall(a.scratch(), [&] { return inet_aton(cp, &addr); });
  if (rc != 0) memcpy(inp.data, &addr, sizeof addr);
  return Return(env, rc);
}

// char *inet_ntoa(struct in_addr in);  in.s_addr as a number (the in_addr's 4 bytes as the
// host reads a uint32); the text is copied into `buf` (text.h).
static napi_value InetNtoa(napi_env env, napi_callback_info info) {
  Args a(env, info, "inet_ntoa");
  struct in_addr in;
  in.s_addr = a.Uint(0, "in");
  View buf = a.Bytes(1, "buf");
  if (!a.ok()) return nullptr;
  const char* text = CCall(a.scratch(), [&] { return inet_ntoa(in); });
  return Return(env, static_cast<double>(CopyText(buf, text)));
}

// in_addr_t inet_addr(const char *cp);
static napi_value InetAddr(napi_env env, napi_callback_info info) {
  Args a(env, info, "inet_addr");
  const char* cp = CString(a, 0, "cp");
  if (!a.ok()) return nullptr;
  return Return(env, CCall(a.scratch(), [&] { return inet_addr(cp); }));
}

void InitInet(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"inet_pton", InetPton}, {"inet_ntop", InetNtop}, {"inet_aton", InetAton},
      {"inet_ntoa", InetNtoa}, {"inet_addr", InetAddr},
  };
  Export(env, exports, entries);
}

}  // namespace bsd
