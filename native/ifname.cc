// if_nametoindex(3), if_indextoname(3).
#include <net/if.h>
#include <string.h>

#include "addon.h"
#include "boundary.h"

namespace bsd {

// unsigned int if_nametoindex(const char *ifname);
// ifname: the name's bytes with their terminating NUL (a RangeError without one).
static napi_value IfNametoindex(napi_env env, napi_callback_info info) {
  Args a(env, info, "if_nametoindex");
  View ifname = a.Bytes(0, "ifname");
  if (!a.ok()) return nullptr;
  // An empty or detached view has no data pointer: memchr(NULL, 0, 0) is undefined
  // behaviour (its pointer is declared nonnull), and such a view holds no NUL anyway.
  if (ifname.data == nullptr || memchr(ifname.data, 0, ifname.length) == nullptr) {
    a.Fail(true, 0, "ifname", "has no terminating NUL byte");
    return nullptr;
  }
  const char* name = reinterpret_cast<const char*>(ifname.data);
  return Return(env, CCall(a.scratch(), [&] { return if_nametoindex(name); }));
}

// char *if_indextoname(unsigned int ifindex, char *ifname);
// ifname: at least IF_NAMESIZE bytes. Returns 1 where C returns ifname, 0 where it
// returns NULL.
static napi_value IfIndextoname(napi_env env, napi_callback_info info) {
  Args a(env, info, "if_indextoname");
  unsigned int ifindex = a.Uint(0, "ifindex");
  View ifname = a.Bytes(1, "ifname");
  if (!a.ok()) return nullptr;
  if (ifname.length < IF_NAMESIZE) {
    a.Fail(true, 1, "ifname", "must hold IF_NAMESIZE bytes");
    return nullptr;
  }
  char* buf = reinterpret_cast<char*>(ifname.data);
  return Return(env, CCall(a.scratch(), [&] { return if_indextoname(ifindex, buf) != nullptr; }));
}

void InitIfname(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"if_nametoindex", IfNametoindex},
                                  {"if_indextoname", IfIndextoname}};
  Export(env, exports, entries);
}

}  // namespace bsd
