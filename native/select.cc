// select(2).
//
// An fd_set reaches the addon as an object whose `fds_bits` is a Uint8Array of
// FD_SETSIZE / 8 bytes, fd n being bit (n % 8) of byte (n / 8). It is copied bit by bit
// into a real fd_set with FD_SET, and the kernel's answer copied back with FD_ISSET, so
// the layout of glibc's fd_set (an array of longs) never matters.
#include <sys/select.h>
#include <sys/time.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

constexpr size_t kFdSetBytes = FD_SETSIZE / 8;

// The bytes of an fd_set's fds_bits, checked to be FD_SETSIZE / 8 long.
static Bytes FdSetBytes(Napi::Value bits, const char* name) {
  std::string field = std::string(name) + ".fds_bits";
  Bytes bytes = BytesFromValue(bits, "select", field.c_str());
  if (bytes.length != kFdSetBytes) {
    ThrowRangeError(bits.Env(), "select: " + field +
                                    " must hold FD_SETSIZE / 8 = " + std::to_string(kFdSetBytes) +
                                    " bytes, got " + std::to_string(bytes.length));
  }
  return bytes;
}

// An fd_set argument: null/undefined (C's NULL) or an fd_set object. Returns its
// fds_bits Uint8Array, empty for NULL. Reading `fds_bits` may run a getter: the bytes are
// taken from the array itself (which runs no JS) when they are copied.
static Napi::Value FdSetBits(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (IsNullish(info, i)) return Napi::Value();
  Napi::Value v = info[i];
  if (!v.IsObject()) {
    ThrowTypeError(info.Env(), std::string("select: ") + name + " must be an fd_set or null, got " +
                                   DescribeType(v));
  }
  Napi::Value bits = v.As<Napi::Object>().Get(Key(GetInstance(info.Env()).keys.fds_bits));
  FdSetBytes(bits, name);
  return bits;
}

static void CopyIn(Bytes bytes, fd_set* set) {
  FD_ZERO(set);
  for (int fd = 0; fd < FD_SETSIZE; fd++) {
    if (bytes.data[fd / 8] & (1u << (fd % 8))) FD_SET(fd, set);
  }
}

static void CopyOut(const fd_set* set, Bytes bytes) {
  for (int fd = 0; fd < FD_SETSIZE; fd++) {
    uint8_t bit = static_cast<uint8_t>(1u << (fd % 8));
    if (FD_ISSET(fd, set)) {
      bytes.data[fd / 8] |= bit;
    } else {
      bytes.data[fd / 8] &= static_cast<uint8_t>(~bit);
    }
  }
}

// A timeval field: an integer a JS number holds exactly (±2^53). Its sign and range are
// the kernel's business (EINVAL), as in C.
static int64_t TimevalField(Napi::Object timeout, const char* key) {
  std::string name = std::string("timeout.") + key;
  Napi::Value v = timeout.Get(Key(key));
  if (!v.IsNumber()) {
    ThrowTypeError(timeout.Env(),
                   "select: " + name + " must be an integer, got " + DescribeType(v));
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<int64_t>(d)) {
    ThrowRangeError(timeout.Env(), "select: " + name + " must be an integer");
  }
  return static_cast<int64_t>(d);
}

// int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
//            struct timeval *timeout);
// nfds beyond FD_SETSIZE is a RangeError: the sets have no such bits (in C, glibc's
// FD_SET aborts and the kernel would read past the struct). A negative nfds reaches the
// kernel, which answers EINVAL.
static Napi::Value Select(const Napi::CallbackInfo& info) {
  int nfds = ArgInt(info, 0, "select", "nfds");
  if (nfds > FD_SETSIZE) {
    ThrowRangeError(info.Env(), "select: nfds (" + std::to_string(nfds) + ") exceeds FD_SETSIZE (" +
                                    std::to_string(FD_SETSIZE) + ")");
  }
  const char* names[3] = {"readfds", "writefds", "exceptfds"};
  // The timeout first: its getters run before any set is copied.
  struct timeval tv;
  struct timeval* tvp = nullptr;
  Napi::Object timeout;
  if (!IsNullish(info, 4)) {
    if (!info[4].IsObject()) {
      ThrowTypeError(info.Env(), std::string("select: timeout must be a timeval { tv_sec, "
                                             "tv_usec } or null, got ") +
                                     DescribeType(info[4]));
    }
    const Keys& k = GetInstance(info.Env()).keys;
    timeout = info[4].As<Napi::Object>();
    tv.tv_sec = static_cast<time_t>(TimevalField(timeout, k.tv_sec));
    tv.tv_usec = static_cast<suseconds_t>(TimevalField(timeout, k.tv_usec));
    tvp = &tv;
  }
  Napi::Value bits[3];
  fd_set sets[3];
  fd_set* pointers[3];
  for (int i = 0; i < 3; i++) {
    bits[i] = FdSetBits(info, 1 + i, names[i]);
    pointers[i] = bits[i].IsEmpty() ? nullptr : &sets[i];
  }
  // Copied in only now, after every getter has run, with no JS between copy and call.
  for (int i = 0; i < 3; i++) {
    if (pointers[i]) CopyIn(FdSetBytes(bits[i], names[i]), pointers[i]);
  }
  int n = select(nfds, pointers[0], pointers[1], pointers[2], tvp);
  int saved_errno = errno;
  // On success the sets are copied out before anything can run JS (the timeout's setters).
  if (n >= 0) {
    for (int i = 0; i < 3; i++) {
      if (pointers[i]) CopyOut(pointers[i], FdSetBytes(bits[i], names[i]));
    }
  }
  // Linux writes the time not slept into *timeout, on failure too (select(2), "Linux").
  if (tvp) {
    const Keys& k = GetInstance(info.Env()).keys;
    timeout.Set(Key(k.tv_sec), Napi::Number::New(info.Env(), static_cast<double>(tv.tv_sec)));
    timeout.Set(Key(k.tv_usec), Napi::Number::New(info.Env(), static_cast<double>(tv.tv_usec)));
  }
  if (n < 0) ThrowErrno(info.Env(), "select", saved_errno);
  return Napi::Number::New(info.Env(), n);
}

void InitSelect(Napi::Env env, Napi::Object exports) {
  exports.Set("select", Napi::Function::New(env, Select, "select"));
}

}  // namespace bsd
