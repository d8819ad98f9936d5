// select(2).
//
// The three fd_sets and the timeout are those of the Scratch (boundary.h): TypeScript
// copies the caller's fd_set bytes in before the call and back after it, and encodes the
// struct timeval (src/struct/fd_set.ts, src/struct/timeval.ts). Each pointer argument is 1
// (the Scratch's) or 0 (C's NULL).
#include <sys/select.h>
#include <sys/time.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
//            struct timeval *timeout);
// nfds beyond FD_SETSIZE is a RangeError: the kernel would read and write that many bits,
// past the end of each fd_set. A negative nfds reaches the kernel (EINVAL), as in C.
static napi_value Select(napi_env env, napi_callback_info info) {
  Args a(env, info, "select");
  int nfds = a.Int(0, "nfds");
  bool readfds = a.Int(1, "readfds") != 0;
  bool writefds = a.Int(2, "writefds") != 0;
  bool exceptfds = a.Int(3, "exceptfds") != 0;
  bool timeout = a.Int(4, "timeout") != 0;
  if (!a.ok()) return nullptr;
  if (nfds > FD_SETSIZE) {
    a.Fail(true, 0, "nfds", "exceeds FD_SETSIZE");
    return nullptr;
  }
  Scratch* s = a.scratch();
  return Return(env, BlockingCall(env, s, [&] {
                  return select(
                      nfds, readfds ? &s->readfds : nullptr, writefds ? &s->writefds : nullptr,
                      exceptfds ? &s->exceptfds : nullptr, timeout ? &s->timeout : nullptr);
                }));
}

void InitSelect(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"select", Select}};
  Export(env, exports, entries);
}

}  // namespace bsd
