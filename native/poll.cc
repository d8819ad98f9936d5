// poll(2).
#include <limits.h>
#include <poll.h>
#include <sys/resource.h>

#include <cerrno>
#include <string>
#include <vector>

#include "addon.h"
#include "args.h"
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

// int poll(struct pollfd *fds, nfds_t nfds, int timeout);  nfds is fds.length.
static Napi::Value Poll(const Napi::CallbackInfo& info) {
  std::vector<struct pollfd> entries = PollfdsFromJs(info[0], "poll");
  int timeout = ArgInt(info, 1, "poll", "timeout");
  int n = poll(entries.data(), entries.size(), timeout);
  if (n < 0) ThrowErrno(info.Env(), "poll", errno);
  WriteRevents(info[0], entries);
  return Napi::Number::New(info.Env(), n);
}

void InitPoll(Napi::Env env, Napi::Object exports) {
  exports.Set("poll", Napi::Function::New(env, Poll, "poll"));
}

}  // namespace bsd
