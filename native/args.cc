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

// As JavaScript prints the number: printf would say "nan" and "inf".
static std::string FormatNumber(double d) {
  if (isnan(d)) return "NaN";
  if (isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char text[64];
  snprintf(text, sizeof text, "%.17g", d);
  return text;
}

// True with *out set when `v` is an integer within [min, max]. One Node-API call: getting
// a double fails (napi_number_expected, no exception) for anything but a number, so the
// common, valid case asks for no type and builds no message (bench/README.md).
static bool ReadIntegerInRange(Napi::Value v, double min, double max, double* out) {
  double d;
  if (napi_get_value_double(v.Env(), v, &d) != napi_ok) return false;
  if (!(d >= min && d <= max) || d != floor(d)) return false;
  *out = d;
  return true;
}

// Reads a JS number that must be an integer within [min, max].
static double IntegerInRange(Napi::Value v, const char* fn, const char* name, double min,
                             double max) {
  double d;
  if (ReadIntegerInRange(v, min, max, &d)) return d;
  if (!v.IsNumber()) {
    ThrowTypeError(v.Env(), Prefix(fn, name) + " must be an integer, got " + DescribeType(v));
  }
  d = v.As<Napi::Number>().DoubleValue();
  ThrowRangeError(v.Env(), Prefix(fn, name) + " must be an integer in [" + FormatNumber(min) +
                               ", " + FormatNumber(max) + "], got " + FormatNumber(d));
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

uint64_t UintFieldFromValue(Napi::Value v, const char* fn, const char* name, const char* field,
                            uint64_t max) {
  double d;
  if (ReadIntegerInRange(v, 0, static_cast<double>(max), &d)) return static_cast<uint64_t>(d);
  return UintFromValue(v, fn, (std::string(name) + "." + field).c_str(), max);  // throws
}

Bytes BytesFromValue(Napi::Value v, const char* fn, const char* name) {
  // Two Node-API calls: the kind of typed array comes with its data.
  bool is_typed_array = false;
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  napi_status status = napi_is_typedarray(v.Env(), v, &is_typed_array);
  NAPI_THROW_IF_FAILED(v.Env(), status, (Bytes{nullptr, 0}));
  if (is_typed_array) {
    status = napi_get_typedarray_info(v.Env(), v, &type, &length, &data, nullptr, nullptr);
    NAPI_THROW_IF_FAILED(v.Env(), status, (Bytes{nullptr, 0}));
  }
  if (!is_typed_array || type != napi_uint8_array) {
    ThrowTypeError(v.Env(),
                   Prefix(fn, name) + " must be a Uint8Array or Buffer, got " + DescribeType(v));
  }
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
  double d;
  // Fails for anything but a number (see ReadIntegerInRange).
  if (napi_get_value_double(v.Env(), v, &d) != napi_ok) {
    ThrowTypeError(v.Env(), Prefix(fn, name) + " must be an integer, got " + DescribeType(v));
  }
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
