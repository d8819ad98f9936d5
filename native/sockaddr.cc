#include "sockaddr.h"

#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/un.h>

#include <algorithm>
#include <string>

#include "addon.h"
#include "args.h"

namespace bsd {

static std::string Field(const char* name, const char* field) {
  return std::string(name) + "." + field;
}

// A required numeric field: integer in [0, max].
static uint64_t UintField(Napi::Object obj, const char* key, const char* fn,
                          const std::string& name, uint64_t max) {
  Napi::Value v = obj.Get(Key(key));
  return UintFromValue(v, fn, name.c_str(), max);
}

// An optional numeric field (sin6_flowinfo, sin6_scope_id): absent means 0, as after the
// memset the course does before filling a struct.
static uint64_t OptionalUintField(Napi::Object obj, const char* key, const char* fn,
                                  const std::string& name, uint64_t max) {
  Napi::Value v = obj.Get(Key(key));
  if (v.IsUndefined()) return 0;
  return UintFromValue(v, fn, name.c_str(), max);
}

static Napi::Object ObjectField(Napi::Object obj, const char* key, const char* fn,
                                const std::string& name) {
  Napi::Value v = obj.Get(Key(key));
  if (!v.IsObject()) {
    ThrowTypeError(obj.Env(),
                   std::string(fn) + ": " + name + " must be an object, got " + DescribeType(v));
  }
  return v.As<Napi::Object>();
}

static void FromInet(Napi::Object obj, uint16_t family, const char* fn, const char* name,
                     SockAddr* out) {
  const Keys& k = GetInstance(obj.Env()).keys;
  auto* sin = reinterpret_cast<struct sockaddr_in*>(&out->storage);
  sin->sin_family = family;
  // sin_port and s_addr hold network byte order already (the caller used htons/htonl,
  // as in C): their bytes are stored as the JS number's host-order bytes, unchanged.
  sin->sin_port =
      static_cast<in_port_t>(UintField(obj, k.sin_port, fn, Field(name, "sin_port"), 0xffff));
  Napi::Object sin_addr = ObjectField(obj, k.sin_addr, fn, Field(name, "sin_addr"));
  sin->sin_addr.s_addr = static_cast<in_addr_t>(
      UintField(sin_addr, k.s_addr, fn, Field(name, "sin_addr.s_addr"), 0xffffffffu));
  out->length = sizeof(struct sockaddr_in);
}

static void FromInet6(Napi::Object obj, uint16_t family, const char* fn, const char* name,
                      SockAddr* out) {
  const Keys& k = GetInstance(obj.Env()).keys;
  auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&out->storage);
  sin6->sin6_family = family;
  sin6->sin6_port =
      static_cast<in_port_t>(UintField(obj, k.sin6_port, fn, Field(name, "sin6_port"), 0xffff));
  // sin6_flowinfo is in network byte order in C too; it is copied as given.
  sin6->sin6_flowinfo = static_cast<uint32_t>(
      OptionalUintField(obj, k.sin6_flowinfo, fn, Field(name, "sin6_flowinfo"), 0xffffffffu));
  sin6->sin6_scope_id = static_cast<uint32_t>(
      OptionalUintField(obj, k.sin6_scope_id, fn, Field(name, "sin6_scope_id"), 0xffffffffu));
  Napi::Object sin6_addr = ObjectField(obj, k.sin6_addr, fn, Field(name, "sin6_addr"));
  std::string s6_name = Field(name, "sin6_addr.s6_addr");
  Bytes bytes = BytesFromValue(sin6_addr.Get(Key(k.s6_addr_key)), fn, s6_name.c_str());
  if (bytes.length != 16) {
    ThrowRangeError(obj.Env(), std::string(fn) + ": " + s6_name + " must hold 16 bytes, got " +
                                   std::to_string(bytes.length));
  }
  memcpy(&sin6->sin6_addr, bytes.data, 16);
  out->length = sizeof(struct sockaddr_in6);
}

static void FromUnix(Napi::Object obj, uint16_t family, const char* fn, const char* name,
                     SockAddr* out) {
  const Keys& k = GetInstance(obj.Env()).keys;
  auto* sun = reinterpret_cast<struct sockaddr_un*>(&out->storage);
  sun->sun_family = family;
  Napi::Value path = obj.Get(Key(k.sun_path));
  std::string path_name = Field(name, "sun_path");
  const size_t capacity = sizeof(sun->sun_path);
  if (path.IsString()) {
    std::string text = StringFromValue(path, fn, path_name.c_str());
    // The terminating NUL must fit too, as with strncpy into sun_path in careful C.
    if (text.size() >= capacity) {
      ThrowRangeError(obj.Env(), std::string(fn) + ": " + path_name + " is " +
                                     std::to_string(text.size()) + " bytes, at most " +
                                     std::to_string(capacity - 1) + " fit in sun_path");
    }
    memcpy(sun->sun_path, text.data(), text.size());
    sun->sun_path[text.size()] = '\0';
    out->length = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + text.size() + 1);
  } else if (path.IsTypedArray()) {
    // Raw bytes: an abstract socket name starts with a NUL byte and is not terminated;
    // the length is exactly the bytes given.
    Bytes bytes = BytesFromValue(path, fn, path_name.c_str());
    if (bytes.length > capacity) {
      ThrowRangeError(obj.Env(), std::string(fn) + ": " + path_name + " is " +
                                     std::to_string(bytes.length) + " bytes, at most " +
                                     std::to_string(capacity) + " fit in sun_path");
    }
    if (bytes.length > 0) memcpy(sun->sun_path, bytes.data, bytes.length);
    out->length = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + bytes.length);
  } else {
    ThrowTypeError(obj.Env(), std::string(fn) + ": " + path_name +
                                  " must be a string or a Uint8Array, got " + DescribeType(path));
  }
}

void SockaddrFromJs(Napi::Value value, const char* fn, const char* name, SockAddr* out) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) {
    ThrowTypeError(env, std::string(fn) + ": " + name +
                            " must be a socket address object (sockaddr_in, sockaddr_in6, "
                            "sockaddr_un), got " +
                            DescribeType(value));
  }
  Napi::Object obj = value.As<Napi::Object>();
  const Keys& k = GetInstance(env).keys;
  memset(&out->storage, 0, sizeof out->storage);

  Napi::Value family = obj.Get(Key(k.sin_family));
  if (!family.IsUndefined()) {
    FromInet(
        obj,
        static_cast<uint16_t>(UintFromValue(family, fn, Field(name, "sin_family").c_str(), 0xffff)),
        fn, name, out);
    return;
  }
  family = obj.Get(Key(k.sin6_family));
  if (!family.IsUndefined()) {
    FromInet6(obj,
              static_cast<uint16_t>(
                  UintFromValue(family, fn, Field(name, "sin6_family").c_str(), 0xffff)),
              fn, name, out);
    return;
  }
  family = obj.Get(Key(k.sun_family));
  if (!family.IsUndefined()) {
    FromUnix(
        obj,
        static_cast<uint16_t>(UintFromValue(family, fn, Field(name, "sun_family").c_str(), 0xffff)),
        fn, name, out);
    return;
  }
  family = obj.Get(Key(k.ss_family));
  if (!family.IsUndefined()) {
    auto ss_family =
        static_cast<uint16_t>(UintFromValue(family, fn, Field(name, "ss_family").c_str(), 0xffff));
    switch (ss_family) {
      case AF_INET: return FromInet(obj, ss_family, fn, name, out);
      case AF_INET6: return FromInet6(obj, ss_family, fn, name, out);
      case AF_UNIX: return FromUnix(obj, ss_family, fn, name, out);
    }
    ThrowRangeError(env, std::string(fn) + ": " + Field(name, "ss_family") + " " +
                             std::to_string(ss_family) +
                             " is not AF_INET, AF_INET6 or AF_UNIX; use sin_family, "
                             "sin6_family or sun_family to choose the struct");
  }
  ThrowTypeError(env, std::string(fn) + ": " + name +
                          " has no address family: set sin_family (sockaddr_in), sin6_family "
                          "(sockaddr_in6) or sun_family (sockaddr_un)");
}

static Napi::Uint8Array CopyBytes(Napi::Env env, const void* data, size_t length) {
  Napi::Uint8Array bytes = Napi::Uint8Array::New(env, length);
  if (length > 0) memcpy(bytes.Data(), data, length);
  return bytes;
}

void SockaddrToJs(Napi::Env env, const struct sockaddr* sa, socklen_t length, Napi::Object target) {
  const Keys& k = GetInstance(env).keys;
  // Work on a zeroed copy: fields beyond what the kernel wrote read as 0.
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  size_t valid = std::min(static_cast<size_t>(length), sizeof ss);
  memcpy(&ss, sa, valid);
  const sa_family_t family = ss.ss_family;
  Napi::Number family_value = Napi::Number::New(env, family);
  target.Set(Key(k.ss_family), family_value);

  if (family == AF_INET) {
    const auto* sin = reinterpret_cast<const struct sockaddr_in*>(&ss);
    target.Set(Key(k.sin_family), family_value);
    target.Set(Key(k.sin_port), Napi::Number::New(env, sin->sin_port));
    Napi::Object sin_addr = Napi::Object::New(env);
    sin_addr.Set(Key(k.s_addr), Napi::Number::New(env, sin->sin_addr.s_addr));
    target.Set(Key(k.sin_addr), sin_addr);
  } else if (family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(&ss);
    target.Set(Key(k.sin6_family), family_value);
    target.Set(Key(k.sin6_port), Napi::Number::New(env, sin6->sin6_port));
    target.Set(Key(k.sin6_flowinfo), Napi::Number::New(env, sin6->sin6_flowinfo));
    Napi::Object sin6_addr = Napi::Object::New(env);
    sin6_addr.Set(Key(k.s6_addr_key), CopyBytes(env, &sin6->sin6_addr, 16));
    target.Set(Key(k.sin6_addr), sin6_addr);
    target.Set(Key(k.sin6_scope_id), Napi::Number::New(env, sin6->sin6_scope_id));
  } else if (family == AF_UNIX) {
    const auto* sun = reinterpret_cast<const struct sockaddr_un*>(&ss);
    target.Set(Key(k.sun_family), family_value);
    size_t path_offset = offsetof(struct sockaddr_un, sun_path);
    size_t path_length = valid > path_offset ? valid - path_offset : 0;
    if (path_length > 0 && sun->sun_path[0] == '\0') {
      // Abstract name: bytes, leading NUL included, as the kernel gave them.
      target.Set(Key(k.sun_path), CopyBytes(env, sun->sun_path, path_length));
    } else {
      // Pathname (or unnamed, ""): up to the first NUL, bounded by sun_path's size.
      size_t n = strnlen(sun->sun_path, std::min(path_length, sizeof(sun->sun_path)));
      target.Set(Key(k.sun_path), Napi::String::New(env, sun->sun_path, n));
    }
  } else {
    size_t data_offset = offsetof(struct sockaddr, sa_data);
    size_t data_length = valid > data_offset ? valid - data_offset : 0;
    target.Set(Key(k.sa_data),
               CopyBytes(env, reinterpret_cast<const uint8_t*>(&ss) + data_offset, data_length));
  }
}

void ArgOutAddr(const Napi::CallbackInfo& info, size_t addr_index, size_t len_index, const char* fn,
                OutAddr* out) {
  memset(&out->addr.storage, 0, sizeof out->addr.storage);
  out->addr.length = sizeof(struct sockaddr_storage);
  out->capacity = out->addr.length;
  if (IsNullish(info, addr_index)) {
    if (!IsNullish(info, len_index)) {
      ThrowTypeError(info.Env(), std::string(fn) +
                                     ": addrlen is given but addr is null (C would write the "
                                     "length and no address)");
    }
    return;
  }
  Napi::Value addr = info[addr_index];
  if (!addr.IsObject() || addr.IsTypedArray()) {
    ThrowTypeError(info.Env(), std::string(fn) +
                                   ": addr must be an object to fill (like a struct "
                                   "sockaddr_storage) or null, got " +
                                   DescribeType(addr));
  }
  out->target = addr.As<Napi::Object>();
  if (IsNullish(info, len_index)) return;
  Napi::Value box = info[len_index];
  if (!box.IsObject()) {
    ThrowTypeError(info.Env(), std::string(fn) +
                                   ": addrlen must be a socklen_t box { value: number }, got " +
                                   DescribeType(box));
  }
  out->addrlen_box = box.As<Napi::Object>();
  const Keys& k = GetInstance(info.Env()).keys;
  std::string name = "addrlen.value";
  out->addr.length = static_cast<socklen_t>(UintFromValue(
      out->addrlen_box.Get(Key(k.value)), fn, name.c_str(), sizeof(struct sockaddr_storage)));
  out->capacity = out->addr.length;
}

void FinishOutAddr(Napi::Env env, OutAddr* out) {
  if (out->target.IsEmpty()) return;
  // The kernel may report a length larger than the capacity (truncated address); only
  // the bytes it could write are decoded.
  SockaddrToJs(env, out->addr.get(), std::min(out->addr.length, out->capacity), out->target);
  if (!out->addrlen_box.IsEmpty()) {
    out->addrlen_box.Set(Key(GetInstance(env).keys.value),
                         Napi::Number::New(env, out->addr.length));
  }
}

}  // namespace bsd
