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

int IntFromValue(Napi::Value v, const char* fn, const char* name) {
  return static_cast<int>(IntegerInRange(v, fn, name, INT_MIN, INT_MAX));
}

}  // namespace bsd
