// The one pair of address converters of the addon, used by every function that takes or
// returns a socket address:
//   SockaddrFromJs – a JS object with the C field names → struct sockaddr_* + its length,
//   SockaddrToJs   – a struct sockaddr_* → the fields set on a JS object.
// Their error messages name the calling function and the argument.
#pragma once

#include <napi.h>
#include <sys/socket.h>

namespace bsd {

struct SockAddr {
  struct sockaddr_storage storage;
  socklen_t length;
  struct sockaddr* get() { return reinterpret_cast<struct sockaddr*>(&storage); }
};

// Reads an address object. The struct is chosen by the fields present, as the C type is:
//   sin_family  → struct sockaddr_in   (16 bytes)
//   sin6_family → struct sockaddr_in6  (28 bytes)
//   sun_family  → struct sockaddr_un   (offsetof(sun_path) + strlen(sun_path) + 1, as
//                 SUN_LEN gives; a Uint8Array sun_path is used as is, for abstract names)
//   ss_family   → the struct of that family.
// The family value itself is copied as given (a sockaddr_in whose sin_family is not
// AF_INET reaches the kernel, which answers EAFNOSUPPORT or EINVAL as it does in C).
void SockaddrFromJs(Napi::Value value, const char* fn, const char* name, SockAddr* out);

// Sets on `target` ss_family and the fields of the family found in `sa` (sin_family,
// sin_port, sin_addr.s_addr… for AF_INET), as reading a sockaddr_storage through the
// matching cast does in C. `length` is what the kernel reported; only bytes within both
// it and sizeof(sockaddr_storage) are read.
void SockaddrToJs(Napi::Env env, const struct sockaddr* sa, socklen_t length, Napi::Object target);

// An output address argument (recvfrom's src_addr, accept's addr…): an object to fill,
// or null/undefined for C's NULL. Its optional companion `addrlen` is a socklen_t box
// `{ value: n }` read before the call (the capacity of the caller's struct, e.g.
// sizeof(struct sockaddr_in) = 16) and written after it (the true length), as C's
// `socklen_t *addrlen` is. Without a box the capacity is sizeof(struct sockaddr_storage).
struct OutAddr {
  Napi::Object target;       // empty when NULL
  Napi::Object addrlen_box;  // empty when not given
  SockAddr addr;
  socklen_t capacity;  // what the kernel may write: the box's value, or 128
  struct sockaddr* sa() { return target.IsEmpty() ? nullptr : addr.get(); }
  socklen_t* len() { return target.IsEmpty() ? nullptr : &addr.length; }
};
void ArgOutAddr(const Napi::CallbackInfo& info, size_t addr_index, size_t len_index, const char* fn,
                OutAddr* out);
// After a successful call: fills the target and the box.
void FinishOutAddr(Napi::Env env, OutAddr* out);

}  // namespace bsd
