// gethostbyname(3), gethostbyaddr(3), herror(3), hstrerror(3); h_errno lives in
// Scratch::h_errno_value, set before these calls and stored after them, as errno is.
//
// gethostbyname/gethostbyaddr return a pointer to static storage, shared by all threads in
// glibc: with worker_threads, two calls could overwrite it while it is being packed, so
// the call and the packing hold one lock.
#include <netdb.h>
#include <string.h>

#include <mutex>

#include "addon.h"
#include "boundary.h"
#include "packed.h"
#include "text.h"

namespace bsd {

static std::mutex hostent_storage_lock;

static size_t Count(char** list) {
  size_t n = 0;
  for (char** p = list; p != nullptr && *p != nullptr; ++p) n++;
  return n;
}

static size_t AddressLength(const struct hostent* h) {
  return h->h_length > 0 ? static_cast<size_t>(h->h_length) : 0;
}

// The bytes of the packed hostent (packed.h).
static size_t PackedSize(const struct hostent* h) {
  size_t size = sizeof(PackedHostent) + (h->h_name ? strlen(h->h_name) + 1 : 0);
  for (char** p = h->h_aliases; p != nullptr && *p != nullptr; ++p) size += strlen(*p) + 1;
  return size + Count(h->h_addr_list) * AddressLength(h);
}

static void Pack(const struct hostent* h, uint8_t* at) {
  PackedHostent header;
  memset(&header, 0, sizeof header);
  header.h_addrtype = h->h_addrtype;
  header.h_length = h->h_length;
  header.h_name_length = h->h_name ? static_cast<uint32_t>(strlen(h->h_name) + 1) : 0;
  header.h_aliases_count = static_cast<uint32_t>(Count(h->h_aliases));
  header.h_addr_list_count = static_cast<uint32_t>(Count(h->h_addr_list));
  memcpy(at, &header, sizeof header);
  size_t offset = sizeof header;
  if (h->h_name) {
    memcpy(at + offset, h->h_name, header.h_name_length);
    offset += header.h_name_length;
  }
  for (char** p = h->h_aliases; p != nullptr && *p != nullptr; ++p) {
    size_t n = strlen(*p) + 1;
    memcpy(at + offset, *p, n);
    offset += n;
  }
  size_t length = AddressLength(h);
  for (char** p = h->h_addr_list; p != nullptr && *p != nullptr; ++p) {
    memcpy(at + offset, *p, length);
    offset += length;
  }
}

// The call, with errno and h_errno the program's before it and stored after it; then the
// hostent (if any) packed into `out`. Returns 0 for NULL, 1 for a hostent packed into `out`,
// or the ArrayBuffer of a hostent too large for it.
template <typename F>
static napi_value HostentCall(napi_env env, Scratch* s, const View& out, F&& call) {
  std::lock_guard<std::mutex> hold(hostent_storage_lock);
  struct hostent* h = CCall(s, [&] {
    h_errno = s->h_errno_value;
    struct hostent* result = call();
    s->h_errno_value = h_errno;
    return result;
  });
  if (h == nullptr) return Return(env, 0);
  return Deliver(env, out, PackedSize(h), 1, [&](uint8_t* at) { Pack(h, at); });
}

// struct hostent *gethostbyname(const char *name);
static napi_value Gethostbyname(napi_env env, napi_callback_info info) {
  Args a(env, info, "gethostbyname");
  const char* name = CString(a, 0, "name");
  View out = a.Bytes(1, "out");
  if (!a.ok()) return nullptr;
  return HostentCall(env, a.scratch(), out, [&] { return gethostbyname(name); });
}

// struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
static napi_value Gethostbyaddr(napi_env env, napi_callback_info info) {
  Args a(env, info, "gethostbyaddr");
  View addr = a.Bytes(0, "addr");
  size_t len = a.Len(1, "len", addr, "addr");
  int type = a.Int(2, "type");
  View out = a.Bytes(3, "out");
  if (!a.ok()) return nullptr;
  return HostentCall(env, a.scratch(), out,
                     [&] { return gethostbyaddr(addr.data, static_cast<socklen_t>(len), type); });
}

// void herror(const char *s);  s: null for C's NULL.
static napi_value Herror(napi_env env, napi_callback_info info) {
  Args a(env, info, "herror");
  const char* str = CString(a, 0, "s", true);
  if (!a.ok()) return nullptr;
  Scratch* s = a.scratch();
  CCall(s, [&] {
    h_errno = s->h_errno_value;
    herror(str);
    return 0;
  });
  return nullptr;
}

// const char *hstrerror(int err);  the text is copied into `buf` (text.h).
static napi_value Hstrerror(napi_env env, napi_callback_info info) {
  Args a(env, info, "hstrerror");
  int err = a.Int(0, "err");
  View buf = a.Bytes(1, "buf");
  if (!a.ok()) return nullptr;
  const char* text = CCall(a.scratch(), [&] { return hstrerror(err); });
  return Return(env, static_cast<double>(CopyText(buf, text)));
}

void InitHostent(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"gethostbyname", Gethostbyname},
      {"gethostbyaddr", Gethostbyaddr},
      {"herror", Herror},
      {"hstrerror", Hstrerror},
  };
  Export(env, exports, entries);
}

}  // namespace bsd
