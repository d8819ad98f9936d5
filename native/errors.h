// The one error helper of the addon: a failed C call becomes a JS Error carrying
//   errno   – the C value (EADDRINUSE is 98 on Linux),
//   code    – its name ('EADDRINUSE'),
//   syscall – the C function that failed ('bind'),
//   message – "bind: Address already in use", the C library's own strerror text, which
//             is what perror("bind") prints.
#pragma once

#include <napi.h>

namespace bsd {

// Throws for `syscall` with the errno value `err`. Also records `err` as the last errno
// of this thread, so that perror() without an error object prints what C's perror would.
[[noreturn]] void ThrowErrno(Napi::Env env, const char* syscall, int err);

// Throws for a getaddrinfo/getnameinfo return value `code` (EAI_*), with gai_strerror's
// text; EAI_SYSTEM carries the errno of the failure instead, as in C.
[[noreturn]] void ThrowGai(Napi::Env env, const char* function, int code, int saved_errno);

// The errno recorded by the last failure on this thread (0 when none yet).
int LastErrno();

// "EADDRINUSE" for 98; nullptr when the value has no name in this C library.
const char* ErrnoName(int err);
// "EAI_NONAME" for EAI_NONAME; nullptr when unknown.
const char* GaiErrorName(int code);

}  // namespace bsd
