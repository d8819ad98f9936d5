// poll(2), and the struct pollfd arrays of its promise version (pollfd.h).
//
// poll() itself is on the boundary (boundary.h): it takes the bytes of the array. The
// object readers below serve promises.cc only.
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <sys/resource.h>

#include <cerrno>
#include <string>
#include <vector>

#include "addon.h"
#include "args.h"
#include "boundary.h"
#include "errors.h"
#include "pollfd.h"

namespace bsd {

std::vector<struct pollfd> PollfdsFromJs(Napi::Value fds, const char* fn) {
  if (!fds.IsArray()) {
    ThrowTypeError(fds.Env(), std::string(fn) +
                                  ": fds must be an array of { fd, events, revents }, got " +
                                  DescribeType(fds));
  }
  const Keys& k = GetInstance(fds.Env()).keys;
  Napi::Array array = fds.As<Napi::Array>();
  // The kernel refuses more entries than RLIMIT_NOFILE with EINVAL, and such a call is
  // made as in C; but a sparse `new Array(2 ** 32 - 1)` would first allocate 64 GiB of
  // pollfds here, so a length beyond what any rlimit allows (the kernel's nr_open cap,
  // 2^20 by default) is a RangeError instead.
  constexpr uint32_t kMaxEntries = 1u << 20;
  struct rlimit limit;
  rlim_t max_entries = kMaxEntries;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur > max_entries) {
    max_entries = limit.rlim_cur;
  }
  if (array.Length() > max_entries) {
    ThrowRangeError(fds.Env(), std::string(fn) + ": fds.length (" + std::to_string(array.Length()) +
                                   ") exceeds " + std::to_string(max_entries) +
                                   ", more than any RLIMIT_NOFILE allows");
  }
  std::vector<struct pollfd> entries(array.Length());
  for (uint32_t i = 0; i < entries.size(); i++) {
    std::string name = "fds[" + std::to_string(i) + "]";
    Napi::Value item = array.Get(i);
    if (!item.IsObject()) {
      ThrowTypeError(fds.Env(), std::string(fn) + ": " + name +
                                    " must be a struct pollfd { fd, events, revents }, got " +
                                    DescribeType(item));
    }
    Napi::Object entry = item.As<Napi::Object>();
    entries[i].fd = IntFromValue(entry.Get(Key(k.fd)), fn, (name + ".fd").c_str());
    std::string events_name = name + ".events";
    int events = IntFromValue(entry.Get(Key(k.events)), fn, events_name.c_str());
    if (events < SHRT_MIN || events > SHRT_MAX) {
      ThrowRangeError(fds.Env(), std::string(fn) + ": " + events_name + " must fit a short, got " +
                                     std::to_string(events));
    }
    entries[i].events = static_cast<short>(events);
    entries[i].revents = 0;
  }
  return entries;
}

void WriteRevents(Napi::Value fds, const std::vector<struct pollfd>& entries) {
  const Keys& k = GetInstance(fds.Env()).keys;
  Napi::Array array = fds.As<Napi::Array>();
  for (uint32_t i = 0; i < entries.size(); i++) {
    Napi::Value item = array.Get(i);
    // The array is the caller's: an entry replaced since the call is not written.
    if (!item.IsObject()) continue;
    item.As<Napi::Object>().Set(Key(k.revents), Napi::Number::New(fds.Env(), entries[i].revents));
  }
}

// int poll(struct pollfd *fds, nfds_t nfds, int timeout);
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
  return Return(env, CCall(a.scratch(), [&] {
                  return poll(reinterpret_cast<struct pollfd*>(fds.data), static_cast<nfds_t>(nfds),
                              timeout);
                }));
}

void InitPoll(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"poll", Poll}};
  Export(env, exports, entries);
}

}  // namespace bsd
