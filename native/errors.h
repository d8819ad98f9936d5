// The names of errno and EAI_* values (defined in constants.cc, from the system headers).
// Errors themselves are built in TypeScript (src/errno.ts) from C's return value and errno.
#pragma once

#include <napi.h>

namespace bsd {

// "EADDRINUSE" for 98; nullptr when the value has no name in this C library.
const char* ErrnoName(int err);
// "EAI_NONAME" for EAI_NONAME; nullptr when unknown.
const char* GaiErrorName(int code);

}  // namespace bsd
