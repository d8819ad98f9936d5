#include "args.h"

#include <limits.h>
#include <math.h>
#include <string.h>

namespace bsd {

void ThrowTypeError(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

void ThrowRangeError(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

const char* DescribeType(Napi::Value v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_object: return v.IsArray() ? "an array" : "an object";
    case napi_function: return "a function";
    case napi_external: return "an external";
    case napi_bigint: return "a bigint";
  }
  return "an unknown value";
}

static std::string Prefix(const char* fn, const char* name) {
  return std::string(fn) + ": " + name;
}

static std::string FormatNumber(double d) {
  char text[64];
  snprintf(text, sizeof text, "%.17g", d);
  return text;
}

// Reads a JS number that must be an integer within [min, max].
static double IntegerInRange(Napi::Value v, const char* fn, const char* name, double min,
                             double max) {
  if (!v.IsNumber()) {
    ThrowTypeError(v.Env(), Prefix(fn, name) + " must be an integer, got " + DescribeType(v));
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max) || d != floor(d)) {
    ThrowRangeError(v.Env(), Prefix(fn, name) + " must be an integer in [" + FormatNumber(min) +
                                 ", " + FormatNumber(max) + "], got " + FormatNumber(d));
  }
  return d;
}

int ArgFd(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  return static_cast<int>(IntegerInRange(info[i], fn, name, 0, INT_MAX));
}

int IntFromValue(Napi::Value v, const char* fn, const char* name) {
  return static_cast<int>(IntegerInRange(v, fn, name, INT_MIN, INT_MAX));
}

int ArgInt(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  return IntFromValue(info[i], fn, name);
}

uint64_t UintFromValue(Napi::Value v, const char* fn, const char* name, uint64_t max) {
  return static_cast<uint64_t>(IntegerInRange(v, fn, name, 0, static_cast<double>(max)));
}

Bytes BytesFromValue(Napi::Value v, const char* fn, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowTypeError(v.Env(),
                   Prefix(fn, name) + " must be a Uint8Array or Buffer, got " + DescribeType(v));
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_status status =
      napi_get_typedarray_info(v.Env(), v, &type, &length, &data, nullptr, nullptr);
  NAPI_THROW_IF_FAILED(v.Env(), status, (Bytes{nullptr, 0}));
  // A detached ArrayBuffer reports length 0 and a null data pointer: nothing is read
  // or written through it.
  if (data == nullptr) length = 0;
  return Bytes{static_cast<uint8_t*>(data), length};
}

Bytes ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  return BytesFromValue(info[i], fn, name);
}

size_t ArgLen(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name,
              size_t available, const char* buffer_name) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) {
    ThrowTypeError(v.Env(), Prefix(fn, name) + " must be an integer, got " + DescribeType(v));
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d != floor(d)) {
    ThrowRangeError(v.Env(),
                    Prefix(fn, name) + " must be a non-negative integer, got " + FormatNumber(d));
  }
  if (d > static_cast<double>(available)) {
    ThrowRangeError(v.Env(), Prefix(fn, name) + " (" + FormatNumber(d) + ") exceeds " +
                                 buffer_name + ".byteLength (" + std::to_string(available) + ")");
  }
  return static_cast<size_t>(d);
}

std::string StringFromValue(Napi::Value v, const char* fn, const char* name) {
  if (!v.IsString()) {
    ThrowTypeError(v.Env(), Prefix(fn, name) + " must be a string, got " + DescribeType(v));
  }
  std::string s = v.As<Napi::String>().Utf8Value();
  if (memchr(s.data(), '\0', s.size()) != nullptr) {
    ThrowTypeError(v.Env(),
                   Prefix(fn, name) + " must not contain a NUL byte (C would stop reading there)");
  }
  return s;
}

bool IsNullish(const Napi::CallbackInfo& info, size_t i) {
  if (i >= info.Length()) return true;
  napi_valuetype t = info[i].Type();
  return t == napi_undefined || t == napi_null;
}

bool ArgOptionalString(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name,
                       std::string* out) {
  if (IsNullish(info, i)) return false;
  *out = StringFromValue(info[i], fn, name);
  return true;
}

}  // namespace bsd
