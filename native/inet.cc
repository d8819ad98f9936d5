// inet_pton(3), inet_ntop(3), inet_aton(3), inet_ntoa(3), inet_addr(3).
//
// struct in_addr is { s_addr } (a number, network byte order) and struct in6_addr is
// { s6_addr } (16 bytes); a Uint8Array of 4 or 16 bytes is accepted where C takes a
// `void *` to one of them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

// Reads an in_addr / in6_addr (or its bytes) for family `af` into `out` (16 bytes).
static void AddressBytes(Napi::Value v, int af, const char* fn, const char* name, uint8_t* out) {
  Napi::Env env = v.Env();
  const Keys& k = GetInstance(env).keys;
  memset(out, 0, 16);
  size_t expected = af == AF_INET6 ? 16 : 4;
  if (v.IsTypedArray()) {
    Bytes bytes = BytesFromValue(v, fn, name);
    if (bytes.length < expected) {
      ThrowRangeError(env, std::string(fn) + ": " + name + " must hold at least " +
                               std::to_string(expected) + " bytes, got " +
                               std::to_string(bytes.length));
    }
    memcpy(out, bytes.data, expected);
    return;
  }
  if (!v.IsObject()) {
    ThrowTypeError(env, std::string(fn) + ": " + name +
                            " must be an in_addr { s_addr }, an in6_addr { s6_addr } or a "
                            "Uint8Array, got " +
                            DescribeType(v));
  }
  Napi::Object obj = v.As<Napi::Object>();
  if (af == AF_INET6) {
    std::string field = std::string(name) + ".s6_addr";
    Bytes bytes = BytesFromValue(obj.Get(Key(k.s6_addr_key)), fn, field.c_str());
    if (bytes.length != 16) {
      ThrowRangeError(env, std::string(fn) + ": " + field + " must hold 16 bytes, got " +
                               std::to_string(bytes.length));
    }
    memcpy(out, bytes.data, 16);
  } else {
    std::string field = std::string(name) + ".s_addr";
    auto s_addr = static_cast<in_addr_t>(
        UintFromValue(obj.Get(Key(k.s_addr)), fn, field.c_str(), 0xffffffffu));
    memcpy(out, &s_addr, sizeof s_addr);
  }
}

// int inet_pton(int af, const char *src, void *dst);  → 1, or 0 when src is not valid
static Napi::Value InetPton(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int af = ArgInt(info, 0, "inet_pton", "af");
  std::string src = StringFromValue(info[1], "inet_pton", "src");
  Napi::Value dst = info[2];
  if (!dst.IsObject()) {
    ThrowTypeError(env, std::string("inet_pton: dst must be an in_addr, an in6_addr or a "
                                    "Uint8Array to fill, got ") +
                            DescribeType(dst));
  }
  uint8_t buffer[16] = {};
  int rc = inet_pton(af, src.c_str(), buffer);
  if (rc < 0) ThrowErrno(env, "inet_pton", errno);
  if (rc == 0) return Napi::Number::New(env, 0);
  const Keys& k = GetInstance(env).keys;
  size_t size = af == AF_INET6 ? 16 : 4;
  if (dst.IsTypedArray()) {
    Bytes bytes = BytesFromValue(dst, "inet_pton", "dst");
    if (bytes.length < size) {
      ThrowRangeError(env, "inet_pton: dst must hold at least " + std::to_string(size) +
                               " bytes, got " + std::to_string(bytes.length));
    }
    memcpy(bytes.data, buffer, size);
  } else if (af == AF_INET6) {
    Napi::Uint8Array bytes6 = Napi::Uint8Array::New(env, 16);
    memcpy(bytes6.Data(), buffer, 16);
    dst.As<Napi::Object>().Set(Key(k.s6_addr_key), bytes6);
  } else {
    in_addr_t s_addr;
    memcpy(&s_addr, buffer, sizeof s_addr);
    dst.As<Napi::Object>().Set(Key(k.s_addr), Napi::Number::New(env, s_addr));
  }
  return Napi::Number::New(env, 1);
}

// const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);  → string
// `size` (default INET6_ADDRSTRLEN) is the buffer size C would pass: too small gives ENOSPC.
static Napi::Value InetNtop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int af = ArgInt(info, 0, "inet_ntop", "af");
  uint8_t src[16];
  AddressBytes(info[1], af, "inet_ntop", "src", src);
  size_t size = INET6_ADDRSTRLEN;
  if (!IsNullish(info, 2)) size = UintFromValue(info[2], "inet_ntop", "size", 0xffffffffu);
  char dst[64];
  // A larger buffer than this one changes nothing: no address text is longer than 46.
  size = std::min(size, sizeof dst);
  if (inet_ntop(af, src, dst, static_cast<socklen_t>(size)) == nullptr) {
    ThrowErrno(env, "inet_ntop", errno);
  }
  return Napi::String::New(env, dst);
}

// int inet_aton(const char *cp, struct in_addr *inp);  → 1 (inp.s_addr set), or 0
static Napi::Value InetAton(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string cp = StringFromValue(info[0], "inet_aton", "cp");
  Napi::Value inp = info[1];
  if (!inp.IsObject() || inp.IsTypedArray()) {
    ThrowTypeError(env, std::string("inet_aton: inp must be an in_addr object to fill, got ") +
                            DescribeType(inp));
  }
  struct in_addr addr;
  if (inet_aton(cp.c_str(), &addr) == 0) return Napi::Number::New(env, 0);
  inp.As<Napi::Object>().Set(Key(GetInstance(env).keys.s_addr),
                             Napi::Number::New(env, addr.s_addr));
  return Napi::Number::New(env, 1);
}

// char *inet_ntoa(struct in_addr in);
static Napi::Value InetNtoa(const Napi::CallbackInfo& info) {
  uint8_t bytes[16];
  AddressBytes(info[0], AF_INET, "inet_ntoa", "in", bytes);
  struct in_addr addr;
  memcpy(&addr, bytes, sizeof addr);
  return Napi::String::New(info.Env(), inet_ntoa(addr));
}

// in_addr_t inet_addr(const char *cp);  → network byte order, INADDR_NONE when invalid
static Napi::Value InetAddr(const Napi::CallbackInfo& info) {
  std::string cp = StringFromValue(info[0], "inet_addr", "cp");
  return Napi::Number::New(info.Env(), inet_addr(cp.c_str()));
}

void InitInet(Napi::Env env, Napi::Object exports) {
  exports.Set("inet_pton", Napi::Function::New(env, InetPton, "inet_pton"));
  exports.Set("inet_ntop", Napi::Function::New(env, InetNtop, "inet_ntop"));
  exports.Set("inet_aton", Napi::Function::New(env, InetAton, "inet_aton"));
  exports.Set("inet_ntoa", Napi::Function::New(env, InetNtoa, "inet_ntoa"));
  exports.Set("inet_addr", Napi::Function::New(env, InetAddr, "inet_addr"));
}

}  // namespace bsd
