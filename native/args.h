// Argument errors of the object readers left in poll.cc (PollfdsFromJs); the entry points
// themselves read their arguments with boundary.h's Args.
//
// Each throws a TypeError (wrong type) or a RangeError (NaN, fractional or out-of-range
// number) whose message names the calling function and the argument.
#pragma once

#include <napi.h>
#include <stddef.h>
#include <stdint.h>

#include <string>

namespace bsd {

// A C `int`: an integer in [INT32_MIN, INT32_MAX], or a TypeError/RangeError naming `fn`
// and `name`.
int IntFromValue(Napi::Value v, const char* fn, const char* name);

[[noreturn]] void ThrowTypeError(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowRangeError(Napi::Env env, const std::string& message);
// "a number", "a string"… for error messages.
const char* DescribeType(Napi::Value v);

}  // namespace bsd
