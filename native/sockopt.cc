// setsockopt(2), getsockopt(2).
//
// The option value's C type is told by its JS shape, and for getsockopt by the option:
//   number                 ↔ int                (most options; optlen 4)
//   { tv_sec, tv_usec }    ↔ struct timeval     (SO_RCVTIMEO, SO_SNDTIMEO)
//   { l_onoff, l_linger }  ↔ struct linger      (SO_LINGER)
//   Uint8Array             ↔ raw bytes          (anything else: TCP_INFO, IP_ADD_MEMBERSHIP…)
// A shape that is not the C type of an option this file knows (a number for SO_LINGER, a
// timeval for SO_REUSEADDR) is a TypeError rather than a value of the wrong size.
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

// The C type of an option's value. Options not listed take an int, or raw bytes.
enum class OptionType { kInt, kTimeval, kLinger };

static OptionType TypeOfOption(int level, int optname) {
  if (level == SOL_SOCKET && (optname == SO_RCVTIMEO || optname == SO_SNDTIMEO)) {
    return OptionType::kTimeval;
  }
  if (level == SOL_SOCKET && optname == SO_LINGER) return OptionType::kLinger;
  return OptionType::kInt;
}

static const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kTimeval: return "a { tv_sec, tv_usec } (struct timeval)";
    case OptionType::kLinger: return "a { l_onoff, l_linger } (struct linger)";
    case OptionType::kInt: break;
  }
  return "a number (int)";
}

static size_t OptionTypeSize(OptionType type) {
  switch (type) {
    case OptionType::kTimeval: return sizeof(struct timeval);
    case OptionType::kLinger: return sizeof(struct linger);
    case OptionType::kInt: break;
  }
  return sizeof(int);
}

// An optval whose shape says another C type than the option takes would reach the kernel
// with the wrong size (a timeval's 16 bytes read as an int, an int's 4 bytes as a timeval):
// a TypeError instead.
static void CheckShape(Napi::Env env, OptionType given, int level, int optname) {
  OptionType expected = TypeOfOption(level, optname);
  if (given == expected) return;
  ThrowTypeError(env, std::string("setsockopt: optval must be ") + OptionTypeName(expected) +
                          " for level " + std::to_string(level) + ", optname " +
                          std::to_string(optname) + ", got " + OptionTypeName(given));
}

static int64_t Int64Field(Napi::Object obj, const char* key, const char* name) {
  Napi::Value v = obj.Get(Key(key));
  if (!v.IsNumber()) {
    ThrowTypeError(obj.Env(), std::string("setsockopt: ") + name + " must be an integer, got " +
                                  DescribeType(v));
  }
  double d = v.As<Napi::Number>().DoubleValue();
  // ±2^53: every integer a JS number holds exactly fits time_t and suseconds_t.
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<int64_t>(d)) {
    ThrowRangeError(obj.Env(), std::string("setsockopt: ") + name + " must be an integer");
  }
  return static_cast<int64_t>(d);
}

// int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
static Napi::Value Setsockopt(const Napi::CallbackInfo& info) {
  int fd = ArgFd(info, 0, "setsockopt", "sockfd");
  int level = ArgInt(info, 1, "setsockopt", "level");
  int optname = ArgInt(info, 2, "setsockopt", "optname");
  Napi::Value optval = info[3];
  const Keys& k = GetInstance(info.Env()).keys;
  int rc;
  if (optval.IsNumber()) {
    CheckShape(info.Env(), OptionType::kInt, level, optname);
    int value = IntFromValue(optval, "setsockopt", "optval");
    rc = setsockopt(fd, level, optname, &value, sizeof value);
  } else if (optval.IsTypedArray()) {
    Bytes bytes = BytesFromValue(optval, "setsockopt", "optval");
    socklen_t optlen = static_cast<socklen_t>(bytes.length);
    if (!IsNullish(info, 4)) {
      optlen =
          static_cast<socklen_t>(ArgLen(info, 4, "setsockopt", "optlen", bytes.length, "optval"));
    }
    // Raw bytes go as they are, as in C (the kernel checks optlen), except for the struct
    // options this binding knows, whose size is fixed.
    OptionType type = TypeOfOption(level, optname);
    if (type != OptionType::kInt && optlen != OptionTypeSize(type)) {
      ThrowRangeError(info.Env(), "setsockopt: optlen (" + std::to_string(optlen) + ") must be " +
                                      std::to_string(OptionTypeSize(type)) + " for " +
                                      OptionTypeName(type));
    }
    rc = setsockopt(fd, level, optname, bytes.data, optlen);
  } else if (optval.IsObject() && optval.As<Napi::Object>().Has(Key(k.tv_sec))) {
    CheckShape(info.Env(), OptionType::kTimeval, level, optname);
    Napi::Object obj = optval.As<Napi::Object>();
    struct timeval tv;
    tv.tv_sec = static_cast<time_t>(Int64Field(obj, k.tv_sec, "optval.tv_sec"));
    tv.tv_usec = static_cast<suseconds_t>(Int64Field(obj, k.tv_usec, "optval.tv_usec"));
    rc = setsockopt(fd, level, optname, &tv, sizeof tv);
  } else if (optval.IsObject() && optval.As<Napi::Object>().Has(Key(k.l_onoff))) {
    CheckShape(info.Env(), OptionType::kLinger, level, optname);
    Napi::Object obj = optval.As<Napi::Object>();
    struct linger lg;
    lg.l_onoff = IntFromValue(obj.Get(Key(k.l_onoff)), "setsockopt", "optval.l_onoff");
    lg.l_linger = IntFromValue(obj.Get(Key(k.l_linger)), "setsockopt", "optval.l_linger");
    rc = setsockopt(fd, level, optname, &lg, sizeof lg);
  } else {
    ThrowTypeError(info.Env(),
                   std::string("setsockopt: optval must be a number (int), { tv_sec, tv_usec } "
                               "(timeval), { l_onoff, l_linger } (linger) or a Uint8Array, got ") +
                       DescribeType(optval));
  }
  if (rc < 0) ThrowErrno(info.Env(), "setsockopt", errno);
  return Napi::Number::New(info.Env(), 0);
}

// int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
//   getsockopt(fd, level, optname)              → number | timeval | linger, by option
//   getsockopt(fd, level, optname, buf[, len])  → the byte count written into buf
static Napi::Value Getsockopt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgFd(info, 0, "getsockopt", "sockfd");
  int level = ArgInt(info, 1, "getsockopt", "level");
  int optname = ArgInt(info, 2, "getsockopt", "optname");
  const Keys& k = GetInstance(env).keys;
  if (!IsNullish(info, 3)) {
    Bytes bytes = ArgBytes(info, 3, "getsockopt", "optval");
    socklen_t optlen = static_cast<socklen_t>(bytes.length);
    if (!IsNullish(info, 4)) {
      optlen =
          static_cast<socklen_t>(ArgLen(info, 4, "getsockopt", "optlen", bytes.length, "optval"));
    }
    if (getsockopt(fd, level, optname, bytes.data, &optlen) < 0) {
      ThrowErrno(env, "getsockopt", errno);
    }
    return Napi::Number::New(env, optlen);
  }
  OptionType type = TypeOfOption(level, optname);
  if (type == OptionType::kTimeval) {
    struct timeval tv;
    memset(&tv, 0, sizeof tv);
    socklen_t optlen = sizeof tv;
    if (getsockopt(fd, level, optname, &tv, &optlen) < 0) ThrowErrno(env, "getsockopt", errno);
    Napi::Object result = Napi::Object::New(env);
    result.Set(Key(k.tv_sec), Napi::Number::New(env, static_cast<double>(tv.tv_sec)));
    result.Set(Key(k.tv_usec), Napi::Number::New(env, static_cast<double>(tv.tv_usec)));
    return result;
  }
  if (type == OptionType::kLinger) {
    struct linger lg;
    memset(&lg, 0, sizeof lg);
    socklen_t optlen = sizeof lg;
    if (getsockopt(fd, level, optname, &lg, &optlen) < 0) ThrowErrno(env, "getsockopt", errno);
    Napi::Object result = Napi::Object::New(env);
    result.Set(Key(k.l_onoff), Napi::Number::New(env, lg.l_onoff));
    result.Set(Key(k.l_linger), Napi::Number::New(env, lg.l_linger));
    return result;
  }
  int value = 0;
  socklen_t optlen = sizeof value;
  if (getsockopt(fd, level, optname, &value, &optlen) < 0) ThrowErrno(env, "getsockopt", errno);
  return Napi::Number::New(env, value);
}

void InitSockopt(Napi::Env env, Napi::Object exports) {
  exports.Set("setsockopt", Napi::Function::New(env, Setsockopt, "setsockopt"));
  exports.Set("getsockopt", Napi::Function::New(env, Getsockopt, "getsockopt"));
}

}  // namespace bsd
