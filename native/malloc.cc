// malloc_trim(3): the one glibc allocator call a port needs. A Node program that starts
// and ends threads (serveur_threads.ts: a pool of Workers that shrinks when idle) leaves
// the memory its ended threads freed in their malloc arenas, which glibc gives back to the
// system only at an arena's top; malloc_trim hands back every free page of every arena.
// A C program's threads are too small for this to matter, so the C twins never call it.
#include <malloc.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

// int malloc_trim(size_t pad);  1 if memory was given back to the system, else 0.
static napi_value MallocTrim(napi_env env, napi_callback_info info) {
  Args a(env, info, "malloc_trim");
  double pad = a.Size(0, "pad");
  if (!a.ok()) return nullptr;
  return Return(env, static_cast<double>(CCall(
                         a.scratch(), [&] { return malloc_trim(static_cast<size_t>(pad)); })));
}

void InitMalloc(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"malloc_trim", MallocTrim}};
  Export(env, exports, entries);
}

}  // namespace bsd
