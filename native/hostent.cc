// gethostbyname(3), gethostbyaddr(3), herror(3), hstrerror(3) and h_errno.
//
// gethostbyname/gethostbyaddr return a pointer to static storage in C: the struct is
// copied into a new JS object before anything else can call them again. That storage is
// shared by all threads in glibc, so with worker_threads two calls could overwrite it
// while it is being copied (and its pointers read): call and copy hold one lock.
#include <netdb.h>
#include <string.h>

#include <mutex>
#include <string>

#include "addon.h"
#include "args.h"
#include "errors.h"

namespace bsd {

static std::mutex hostent_storage_lock;

static Napi::Array StringList(Napi::Env env, char** list) {
  Napi::Array array = Napi::Array::New(env);
  uint32_t i = 0;
  for (char** p = list; p != nullptr && *p != nullptr; ++p)
    array.Set(i++, Napi::String::New(env, *p));
  return array;
}

static Napi::Value HostentToJs(Napi::Env env, const struct hostent* h) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("h_name", Napi::String::New(env, h->h_name ? h->h_name : ""));
  result.Set("h_aliases", StringList(env, h->h_aliases));
  result.Set("h_addrtype", Napi::Number::New(env, h->h_addrtype));
  result.Set("h_length", Napi::Number::New(env, h->h_length));
  Napi::Array addresses = Napi::Array::New(env);
  uint32_t i = 0;
  for (char** p = h->h_addr_list; p != nullptr && *p != nullptr; ++p) {
    Napi::Uint8Array bytes = Napi::Uint8Array::New(env, h->h_length);
    memcpy(bytes.Data(), *p, h->h_length);
    addresses.Set(i++, bytes);
  }
  result.Set("h_addr_list", addresses);
  // #define h_addr h_addr_list[0]
  result.Set("h_addr", i > 0 ? addresses.Get(0u) : env.Null());
  return result;
}

// struct hostent *gethostbyname(const char *name);  → hostent or null (h_errno set)
static Napi::Value Gethostbyname(const Napi::CallbackInfo& info) {
  std::string name = StringFromValue(info[0], "gethostbyname", "name");
  std::lock_guard<std::mutex> hold(hostent_storage_lock);
  struct hostent* h = gethostbyname(name.c_str());
  if (h == nullptr) return info.Env().Null();
  return HostentToJs(info.Env(), h);
}

// struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
static Napi::Value Gethostbyaddr(const Napi::CallbackInfo& info) {
  Bytes addr = ArgBytes(info, 0, "gethostbyaddr", "addr");
  size_t len = ArgLen(info, 1, "gethostbyaddr", "len", addr.length, "addr");
  int type = ArgInt(info, 2, "gethostbyaddr", "type");
  std::lock_guard<std::mutex> hold(hostent_storage_lock);
  struct hostent* h = gethostbyaddr(addr.data, static_cast<socklen_t>(len), type);
  if (h == nullptr) return info.Env().Null();
  return HostentToJs(info.Env(), h);
}

// extern int h_errno;  h_errno is per thread in glibc, and nothing else on this thread
// calls the resolver's legacy functions, so it still holds the last call's value.
static Napi::Value GetHErrno(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), h_errno);
}

// void herror(const char *s);
static Napi::Value Herror(const Napi::CallbackInfo& info) {
  std::string s;
  bool has_s = ArgOptionalString(info, 0, "herror", "s", &s);
  herror(has_s ? s.c_str() : nullptr);
  return info.Env().Undefined();
}

// const char *hstrerror(int err);
static Napi::Value Hstrerror(const Napi::CallbackInfo& info) {
  int err = ArgInt(info, 0, "hstrerror", "err");
  return Napi::String::New(info.Env(), hstrerror(err));
}

void InitHostent(Napi::Env env, Napi::Object exports) {
  exports.Set("gethostbyname", Napi::Function::New(env, Gethostbyname, "gethostbyname"));
  exports.Set("gethostbyaddr", Napi::Function::New(env, Gethostbyaddr, "gethostbyaddr"));
  exports.Set("get_h_errno", Napi::Function::New(env, GetHErrno, "get_h_errno"));
  exports.Set("herror", Napi::Function::New(env, Herror, "herror"));
  exports.Set("hstrerror", Napi::Function::New(env, Hstrerror, "hstrerror"));
}

}  // namespace bsd
