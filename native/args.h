// Argument parsing: one function per kind of argument, used by every entry point.
//
// Each throws a TypeError (wrong type, missing argument) or a RangeError (NaN, fractional,
// negative or out-of-range number, length beyond the buffer) whose message names the
// calling function and the argument, e.g. "sendto: len (2048) exceeds buf.byteLength (1024)".
// No input is truncated or wrapped silently.
#pragma once

#include <napi.h>
#include <stddef.h>
#include <stdint.h>

#include <string>

namespace bsd {

// A file descriptor: an integer in [0, INT_MAX]. Whether it is open is the kernel's
// business (EBADF), exactly as in C.
int ArgFd(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name);

// A C `int` (domain, type, protocol, flags, level, optname, how, backlog…): an integer
// in [INT32_MIN, INT32_MAX]. Bit masks above 0x7fffffff are accepted as their int value.
int ArgInt(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name);
int IntFromValue(Napi::Value v, const char* fn, const char* name);

// An unsigned integer in [0, max].
uint64_t UintFromValue(Napi::Value v, const char* fn, const char* name, uint64_t max);
// The same for a field of an argument, named "<name>.<field>" (dest_addr.sin_port) in its
// error message; the name is put together only when there is a message to write.
uint64_t UintFieldFromValue(Napi::Value v, const char* fn, const char* name, const char* field,
                            uint64_t max);

// Bytes of a Uint8Array (Buffer included). A detached or zero-length buffer gives
// {nullptr or data, 0}. The pointer is valid only until JS runs again: a getter or proxy
// trap can detach the ArrayBuffer (structuredClone with transfer) or shrink a resizable
// one. So a function takes its buffer after every argument whose parsing reads object
// properties (address objects, addrlen boxes), and calls C right after.
struct Bytes {
  uint8_t* data;
  size_t length;
};
Bytes ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name);
Bytes BytesFromValue(Napi::Value v, const char* fn, const char* name);

// A byte count for a buffer of `available` bytes: an integer in [0, available].
size_t ArgLen(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name,
              size_t available, const char* buffer_name);

// A string that reaches C as a `const char *`: no NUL byte inside (C would stop there).
std::string StringFromValue(Napi::Value v, const char* fn, const char* name);
// Same, with `null`/`undefined` meaning the C NULL pointer.
bool ArgOptionalString(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name,
                       std::string* out);

// True when argument i is absent, undefined or null (C's NULL).
bool IsNullish(const Napi::CallbackInfo& info, size_t i);

[[noreturn]] void ThrowTypeError(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowRangeError(Napi::Env env, const std::string& message);
// "a number", "a string"… for error messages.
const char* DescribeType(Napi::Value v);

}  // namespace bsd
