// C strings across the boundary, both ways:
//   - a `const char *` argument arrives as a Uint8Array that TS made with a terminating NUL
//     (src/args.ts, cstring); CString checks the NUL is there before C reads up to it;
//   - a `const char *` that C returns (strerror, gai_strerror, inet_ntoa…) is copied into
//     the caller's Uint8Array by CopyText, NUL included, and TS decodes it.
#pragma once

#include <string.h>

#include "boundary.h"

namespace bsd {

// Argument i as a `const char *`: the bytes of a Uint8Array that hold a NUL, so that C
// stops inside them. With `nullable`, null or undefined is C's NULL.
inline const char* CString(Args& a, size_t i, const char* name, bool nullable = false) {
  View v = a.Bytes(i, name, nullable);
  if (!a.ok() || v.data == nullptr) {
    if (!nullable && a.ok()) a.Fail(true, i, name, "must hold a NUL-terminated string");
    return nullptr;
  }
  if (memchr(v.data, 0, v.length) == nullptr) {
    a.Fail(true, i, name, "must hold a NUL-terminated string");
    return nullptr;
  }
  return reinterpret_cast<const char*>(v.data);
}

// Copies `text` (NUL-terminated) into `out`, cut to fit with its NUL, and returns
// strlen(text): a result >= out.length tells TS the text was cut, as snprintf's does.
inline size_t CopyText(const View& out, const char* text) {
  size_t length = strlen(text);
  if (out.length > 0) {
    size_t n = length < out.length - 1 ? length : out.length - 1;
    memcpy(out.data, text, n);
    out.data[n] = 0;
  }
  return length;
}

}  // namespace bsd
