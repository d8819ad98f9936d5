// strerror(3), perror(3). errno is the program's, in Scratch::errno_value: perror prints
// it with the C library's own perror, so that the bytes on fd 2 are C's.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "addon.h"
#include "boundary.h"
#include "text.h"

namespace bsd {

// char *strerror(int errnum);  the text is copied into `buf` (text.h).
static napi_value Strerror(napi_env env, napi_callback_info info) {
  Args a(env, info, "strerror");
  int errnum = a.Int(0, "errnum");
  View buf = a.Bytes(1, "buf");
  if (!a.ok()) return nullptr;
  // CopyText inside the call: the text is strerror's static buffer until the next call.
  return Return(env, static_cast<double>(
                         CCall(a.scratch(), [&] { return CopyText(buf, strerror(errnum)); })));
}

// void perror(const char *s);  s: null for C's NULL.
static napi_value Perror(napi_env env, napi_callback_info info) {
  Args a(env, info, "perror");
  const char* s = CString(a, 0, "s", true);
  if (!a.ok()) return nullptr;
  CCall(a.scratch(), [&] {
    perror(s);
    return 0;
  });
  return nullptr;
}

void InitStrerror(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"strerror", Strerror}, {"perror", Perror}};
  Export(env, exports, entries);
}

}  // namespace bsd
