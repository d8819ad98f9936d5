// poll(2), on the boundary (boundary.h): it takes the bytes of the struct pollfd array.
#include <poll.h>
#include <stdint.h>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

// fds is the bytes of a struct pollfd array that TypeScript encoded (src/struct/pollfd.ts)
// and decodes revents from after the call; null is C's NULL (poll(NULL, 0, ms) sleeps).
// nfds entries beyond the view are a RangeError, never a read or write past it.
static napi_value Poll(napi_env env, napi_callback_info info) {
  Args a(env, info, "poll");
  View fds = a.Bytes(0, "fds", true);
  double nfds = a.Size(1, "nfds");
  int timeout = a.Int(2, "timeout");
  if (!a.ok()) return nullptr;
  if (nfds > static_cast<double>(fds.length / sizeof(struct pollfd))) {
    a.Fail(true, 1, "nfds", "is beyond the struct pollfd entries of fds");
    return nullptr;
  }
  if (reinterpret_cast<uintptr_t>(fds.data) % alignof(struct pollfd) != 0) {
    a.Fail(true, 0, "fds", "is not aligned for a struct pollfd");
    return nullptr;
  }
  return Return(env, BlockingCall(env, a.scratch(), [&] {
                  return poll(reinterpret_cast<struct pollfd*>(fds.data), static_cast<nfds_t>(nfds),
                              timeout);
                }));
}

void InitPoll(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"poll", Poll}};
  Export(env, exports, entries);
}

}  // namespace bsd
