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

// The field readers take the argument's name and the field's apart ("dest_addr",
// "sin_port"): "dest_addr.sin_port" is put together only for an error message, so that a
// valid address costs no allocation (bench/README.md).

// A required numeric field: integer in [0, max].
static uint64_t UintField(Napi::Object obj, const char* key, const char* fn, const char* name,
                          const char* field, uint64_t max) {
  return UintFieldFromValue(obj.Get(Key(key)), fn, name, field, max);
}

// An optional numeric field (sin6_flowinfo, sin6_scope_id): absent means 0, as after the
// memset the course does before filling a struct.
static uint64_t OptionalUintField(Napi::Object obj, const char* key, const char* fn,
                                  const char* name, const char* field, uint64_t max) {
  Napi::Value v = obj.Get(Key(key));
  if (v.IsUndefined()) return 0;
  return UintFieldFromValue(v, fn, name, field, max);
}

static Napi::Object RequireObject(Napi::Value v, const char* fn, const char* name,
                                  const char* field) {
  if (!v.IsObject()) {
    ThrowTypeError(v.Env(), std::string(fn) + ": " + Field(name, field) +
                                " must be an object, got " + DescribeType(v));
  }
  return v.As<Napi::Object>();
}

static Napi::Object ObjectField(Napi::Object obj, const char* key, const char* fn, const char* name,
                                const char* field) {
  return RequireObject(obj.Get(Key(key)), fn, name, field);
}

static void FromInet(Napi::Object obj, uint16_t family, const char* fn, const char* name,
                     SockAddr* out) {
  const Keys& k = GetInstance(obj.Env()).keys;
  auto* sin = reinterpret_cast<struct sockaddr_in*>(&out->storage);
  sin->sin_family = family;
  // sin_port and s_addr hold network byte order already (the caller used htons/htonl,
  // as in C): their bytes are stored as the JS number's host-order bytes, unchanged.
  sin->sin_port = static_cast<in_port_t>(UintField(obj, k.sin_port, fn, name, "sin_port", 0xffff));
  Napi::Object sin_addr = ObjectField(obj, k.sin_addr, fn, name, "sin_addr");
  sin->sin_addr.s_addr = static_cast<in_addr_t>(
      UintField(sin_addr, k.s_addr, fn, name, "sin_addr.s_addr", 0xffffffffu));
  out->length = sizeof(struct sockaddr_in);
}

static void FromInet6(Napi::Object obj, uint16_t family, const char* fn, const char* name,
                      SockAddr* out) {
  const Keys& k = GetInstance(obj.Env()).keys;
  auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&out->storage);
  sin6->sin6_family = family;
  sin6->sin6_port =
      static_cast<in_port_t>(UintField(obj, k.sin6_port, fn, name, "sin6_port", 0xffff));
  // sin6_flowinfo is in network byte order in C too; it is copied as given.
  sin6->sin6_flowinfo = static_cast<uint32_t>(
      OptionalUintField(obj, k.sin6_flowinfo, fn, name, "sin6_flowinfo", 0xffffffffu));
  sin6->sin6_scope_id = static_cast<uint32_t>(
      OptionalUintField(obj, k.sin6_scope_id, fn, name, "sin6_scope_id", 0xffffffffu));
  Napi::Object sin6_addr = ObjectField(obj, k.sin6_addr, fn, name, "sin6_addr");
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

// Reading a sockaddr_in, the address nearly every call is given (sendto, bind, connect).
//
// napi_get_named_property reads through V8's generic path, about 1,100 instructions a field
// (bench/README.md); the function below reads the four fields of a sockaddr_in through the
// JIT's inline caches, in one call. It reads them in FromInet's order and stops where
// FromInet would throw, with the same tests as UintFieldFromValue and RequireObject: it
// hands back the value it stopped at, and the C++ below throws the usual error for it. So
// every getter runs as often, and in the same order, as with napi_get_named_property.
// The numbers come back in `slots`, a Float64Array made here (not with the global
// Float64Array, which a program may have replaced), written only once all fields are
// read: a getter that makes another call of this kind cannot mix its fields with ours.
enum ReadStep {
  kNoSinFamily = 0,  // sin_family is undefined: another struct
  kBadSinFamily = 1,
  kBadSinPort = 2,
  kSinAddrNotObject = 3,
  kBadSAddr = 4,  // hands back [sin_addr, s_addr]
  kReadSockaddrIn = 5,
};

static const char kReaderSource[] = R"JS(
(function make_read_sockaddr_in(slots) {
  function is_uint(v, max) {
    return typeof v === 'number' && v >= 0 && v <= max && v % 1 === 0;
  }
  function stop(step, value) {
    slots[3] = step;
    return value;
  }
  return function read_sockaddr_in(obj) {
    var family = obj.sin_family;
    if (family === undefined) return stop(0);
    if (!is_uint(family, 65535)) return stop(1, family);
    var port = obj.sin_port;
    if (!is_uint(port, 65535)) return stop(2, port);
    var sin_addr = obj.sin_addr;
    if (sin_addr === null || (typeof sin_addr !== 'object' && typeof sin_addr !== 'function')) {
      return stop(3, sin_addr);
    }
    var s_addr = sin_addr.s_addr;
    if (!is_uint(s_addr, 4294967295)) return stop(4, [sin_addr, s_addr]);
    slots[0] = family;
    slots[1] = port;
    slots[2] = s_addr;
    return stop(5);
  };
})
//# sourceURL=bsd_sockets/native/sockaddr.cc
)JS";

static Napi::Function Reader(Napi::Env env, const double** slots) {
  Instance& instance = GetInstance(env);
  napi_value reader;
  if (instance.sockaddr_reader == nullptr) {
    Napi::ArrayBuffer memory = Napi::ArrayBuffer::New(env, 4 * sizeof(double));
    Napi::Float64Array slots_array = Napi::Float64Array::New(env, 4, memory, 0);
    Napi::Function make = env.RunScript(kReaderSource).As<Napi::Function>();
    reader = make.Call({slots_array});
    napi_status status = napi_create_reference(env, reader, 1, &instance.sockaddr_reader);
    NAPI_THROW_IF_FAILED(env, status, Napi::Function());
    // The reader's closure keeps the array, and so this memory, alive.
    instance.sockaddr_read_slots = static_cast<double*>(memory.Data());
  } else {
    napi_status status = napi_get_reference_value(env, instance.sockaddr_reader, &reader);
    NAPI_THROW_IF_FAILED(env, status, Napi::Function());
  }
  *slots = instance.sockaddr_read_slots;
  return Napi::Function(env, reader);
}

// FromInet for an object with a sin_family; false when its sin_family is undefined.
static bool ReadSockaddrIn(Napi::Object obj, const char* fn, const char* name, SockAddr* out) {
  const double* slots;
  Napi::Value stopped_at = Reader(obj.Env(), &slots).Call({obj});
  switch (static_cast<int>(slots[3])) {
    case kNoSinFamily: return false;
    case kBadSinFamily: UintFieldFromValue(stopped_at, fn, name, "sin_family", 0xffff); break;
    case kBadSinPort: UintFieldFromValue(stopped_at, fn, name, "sin_port", 0xffff); break;
    case kSinAddrNotObject: RequireObject(stopped_at, fn, name, "sin_addr"); break;
    case kBadSAddr: {
      Napi::Array pair = stopped_at.As<Napi::Array>();
      RequireObject(pair.Get(0u), fn, name, "sin_addr");
      UintFieldFromValue(pair.Get(1u), fn, name, "sin_addr.s_addr", 0xffffffffu);
      break;
    }
    case kReadSockaddrIn: {
      auto* sin = reinterpret_cast<struct sockaddr_in*>(&out->storage);
      sin->sin_family = static_cast<sa_family_t>(slots[0]);
      // In network byte order already, as in FromInet.
      sin->sin_port = static_cast<in_port_t>(slots[1]);
      sin->sin_addr.s_addr = static_cast<in_addr_t>(slots[2]);
      out->length = sizeof(struct sockaddr_in);
      return true;
    }
  }
  // The reader stops only at a value these checks refuse, so they have thrown.
  ThrowTypeError(obj.Env(), std::string(fn) + ": " + name + " could not be read");
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

  if (ReadSockaddrIn(obj, fn, name, out)) return;
  Napi::Value family = obj.Get(Key(k.sin6_family));
  if (!family.IsUndefined()) {
    FromInet6(obj,
              static_cast<uint16_t>(UintFieldFromValue(family, fn, name, "sin6_family", 0xffff)),
              fn, name, out);
    return;
  }
  family = obj.Get(Key(k.sun_family));
  if (!family.IsUndefined()) {
    FromUnix(obj, static_cast<uint16_t>(UintFieldFromValue(family, fn, name, "sun_family", 0xffff)),
             fn, name, out);
    return;
  }
  family = obj.Get(Key(k.ss_family));
  if (!family.IsUndefined()) {
    auto ss_family =
        static_cast<uint16_t>(UintFieldFromValue(family, fn, name, "ss_family", 0xffff));
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

// Storing the fields of an address object.
//
// napi_set_named_property stores through V8's generic path (the name internalized, then a
// full lookup): about 1,500 instructions a field, and a sockaddr_in has five with
// sin_addr's, which made getsockname cost four times its system call (bench/README.md).
// One call into the function below, compiled once per environment, stores them all through
// the JIT's inline caches for about the cost of one such store. It is sloppy-mode code on
// purpose: each `target.field = value` is the same [[Set]] napi_set_named_property makes,
// so a setter runs, a frozen object or a Proxy whose set trap returns false ignores the
// store silently, and an exception propagates; the fields are stored in the same order.
enum StructKind { kSockaddrIn = 0, kSockaddrIn6 = 1, kSockaddrUn = 2, kSockaddrOther = 3 };

static const char kWriterSource[] = R"JS(
(function write_sockaddr(kind, target, family, a, b, c, d, addrlen_box, addrlen) {
  target.ss_family = family;
  if (kind === 0) {
    target.sin_family = family;
    target.sin_port = a;
    var sin_addr = {};
    sin_addr.s_addr = b;
    target.sin_addr = sin_addr;
  } else if (kind === 1) {
    target.sin6_family = family;
    target.sin6_port = a;
    target.sin6_flowinfo = b;
    var sin6_addr = {};
    sin6_addr.s6_addr = c;
    target.sin6_addr = sin6_addr;
    target.sin6_scope_id = d;
  } else if (kind === 2) {
    target.sun_family = family;
    target.sun_path = a;
  } else {
    target.sa_data = a;
  }
  if (addrlen_box !== undefined) addrlen_box.value = addrlen;
})
//# sourceURL=bsd_sockets/native/sockaddr.cc
)JS";

static Napi::Function Writer(Napi::Env env) {
  Instance& instance = GetInstance(env);
  napi_value writer;
  if (instance.sockaddr_writer == nullptr) {
    writer = env.RunScript(kWriterSource);
    napi_status status = napi_create_reference(env, writer, 1, &instance.sockaddr_writer);
    NAPI_THROW_IF_FAILED(env, status, Napi::Function());
  } else {
    napi_status status = napi_get_reference_value(env, instance.sockaddr_writer, &writer);
    NAPI_THROW_IF_FAILED(env, status, Napi::Function());
  }
  return Napi::Function(env, writer);
}

// SockaddrToJs, then `addrlen_box.value = addrlen` when a box is given (FinishOutAddr).
static void WriteSockaddr(Napi::Env env, const struct sockaddr* sa, socklen_t length,
                          Napi::Object target, Napi::Value addrlen_box, Napi::Value addrlen) {
  // Work on a zeroed copy: fields beyond what the kernel wrote read as 0.
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  size_t valid = std::min(static_cast<size_t>(length), sizeof ss);
  memcpy(&ss, sa, valid);
  const sa_family_t family = ss.ss_family;
  Napi::Value none = env.Undefined();
  Napi::Value a = none, b = none, c = none, d = none;
  StructKind kind;

  if (family == AF_INET) {
    const auto* sin = reinterpret_cast<const struct sockaddr_in*>(&ss);
    kind = kSockaddrIn;
    a = Napi::Number::New(env, sin->sin_port);
    b = Napi::Number::New(env, sin->sin_addr.s_addr);
  } else if (family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(&ss);
    kind = kSockaddrIn6;
    a = Napi::Number::New(env, sin6->sin6_port);
    b = Napi::Number::New(env, sin6->sin6_flowinfo);
    c = CopyBytes(env, &sin6->sin6_addr, 16);
    d = Napi::Number::New(env, sin6->sin6_scope_id);
  } else if (family == AF_UNIX) {
    const auto* sun = reinterpret_cast<const struct sockaddr_un*>(&ss);
    kind = kSockaddrUn;
    size_t path_offset = offsetof(struct sockaddr_un, sun_path);
    size_t path_length = valid > path_offset ? valid - path_offset : 0;
    if (path_length > 0 && sun->sun_path[0] == '\0') {
      // Abstract name: bytes, leading NUL included, as the kernel gave them.
      a = CopyBytes(env, sun->sun_path, path_length);
    } else {
      // Pathname (or unnamed, ""): up to the first NUL, bounded by sun_path's size.
      size_t n = strnlen(sun->sun_path, std::min(path_length, sizeof(sun->sun_path)));
      a = Napi::String::New(env, sun->sun_path, n);
    }
  } else {
    kind = kSockaddrOther;
    size_t data_offset = offsetof(struct sockaddr, sa_data);
    size_t data_length = valid > data_offset ? valid - data_offset : 0;
    a = CopyBytes(env, reinterpret_cast<const uint8_t*>(&ss) + data_offset, data_length);
  }
  Writer(env).Call({Napi::Number::New(env, kind), target, Napi::Number::New(env, family), a, b, c,
                    d, addrlen_box, addrlen});
}

void SockaddrToJs(Napi::Env env, const struct sockaddr* sa, socklen_t length, Napi::Object target) {
  WriteSockaddr(env, sa, length, target, env.Undefined(), env.Undefined());
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
  // The box, when given, is written after the address, in the same call.
  bool boxed = !out->addrlen_box.IsEmpty();
  WriteSockaddr(env, out->addr.get(), std::min(out->addr.length, out->capacity), out->target,
                boxed ? Napi::Value(out->addrlen_box) : env.Undefined(),
                boxed ? Napi::Number::New(env, out->addr.length) : env.Undefined());
}

}  // namespace bsd
