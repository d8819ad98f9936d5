// sendmsg(2), recvmsg(2): the struct msghdr is built in TypeScript (src/struct/msghdr.ts),
// in bytes at the layout's offsets, with its lengths and flags; what only native can know,
// the addresses of the memory it points to, native writes into those bytes before the call.
//
// Both entries take the same arguments:
//   (sockfd, msg, flags, iov, name, control, base0, base1, …)
//   msg      the struct msghdr's bytes (sizeof(struct msghdr), aligned as the struct);
//   iov      the struct iovec array's bytes (msg_iovlen × sizeof(struct iovec)), or null;
//   name     the bytes msg_name points to (a sockaddr), or null for C's NULL;
//   control  the bytes msg_control points to (the cmsg buffer), or null for C's NULL;
//   base…    one Uint8Array per iovec, in order: iov[i].iov_base.
// Native writes msg_name, msg_iov, msg_control and each iov_base, having checked that each
// length the kernel will use (msg_namelen, msg_controllen, iov_len, msg_iovlen) lies within
// the memory given: a RangeError otherwise, never a read or write past a view. The call is
// then made on the msghdr bytes themselves, so that what recvmsg writes back (msg_namelen,
// msg_controllen, msg_flags) is read by TypeScript from them.
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <string>
#include <vector>

#include "addon.h"
#include "boundary.h"
#include "interrupt.h"

namespace bsd {

namespace {

constexpr size_t kFixed = 6;  // sockfd, msg, flags, iov, name, control

template <typename T>
T Load(const uint8_t* at) {
  T value;
  memcpy(&value, at, sizeof value);
  return value;
}

template <typename T>
void Store(uint8_t* at, T value) {
  memcpy(at, &value, sizeof value);
}

bool Aligned(const View& v, size_t alignment) {
  return reinterpret_cast<uintptr_t>(v.data) % alignment == 0;
}

std::string Bytes(size_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

// Reads the arguments, checks every length against its view, writes the pointers. Returns
// the msghdr to pass, or nullptr with a JS error pending.
struct msghdr* Prepare(Args& a, napi_callback_info info, int* fd, int* flags) {
  *fd = a.Int(0, "sockfd");
  View msg = a.Bytes(1, "msg");
  *flags = a.Int(2, "flags");
  View iov = a.Bytes(3, "iov", true);
  View name = a.Bytes(4, "name", true);
  View control = a.Bytes(5, "control", true);
  if (!a.ok()) return nullptr;
  if (msg.length < sizeof(struct msghdr) || !Aligned(msg, alignof(struct msghdr))) {
    a.Fail(true, 1, "msg",
           ("must be " + Bytes(sizeof(struct msghdr)) + " aligned as struct msghdr").c_str());
    return nullptr;
  }
  if (iov.data != nullptr && !Aligned(iov, alignof(struct iovec))) {
    a.Fail(true, 3, "iov", "must be aligned as struct iovec");
    return nullptr;
  }
  uint8_t* m = msg.data;
  size_t iovlen = Load<decltype(msghdr::msg_iovlen)>(m + offsetof(struct msghdr, msg_iovlen));
  size_t bases = a.count() > kFixed ? a.count() - kFixed : 0;
  if (iovlen != bases) {
    a.Fail(true, 1, "msg",
           ("has msg_iovlen " + std::to_string(iovlen) + " but " + std::to_string(bases) +
            " iov_base views were given")
               .c_str());
    return nullptr;
  }
  if (iovlen > iov.length / sizeof(struct iovec)) {
    a.Fail(true, 3, "iov",
           ("holds " + Bytes(iov.length) + ", fewer than msg_iovlen (" + std::to_string(iovlen) +
            ") struct iovec")
               .c_str());
    return nullptr;
  }
  socklen_t namelen = Load<socklen_t>(m + offsetof(struct msghdr, msg_namelen));
  if (name.data != nullptr && namelen > name.length) {
    a.Fail(true, 4, "name",
           ("holds " + Bytes(name.length) + ", fewer than msg_namelen (" + std::to_string(namelen) +
            ")")
               .c_str());
    return nullptr;
  }
  size_t controllen =
      Load<decltype(msghdr::msg_controllen)>(m + offsetof(struct msghdr, msg_controllen));
  if (control.data != nullptr && controllen > control.length) {
    a.Fail(true, 5, "control",
           ("holds " + Bytes(control.length) + ", fewer than msg_controllen (" +
            std::to_string(controllen) + ")")
               .c_str());
    return nullptr;
  }
  // The iov_base views: beyond Args::kMax, read here.
  if (bases > 0) {
    size_t argc = a.count();
    std::vector<napi_value> argv(argc);
    if (napi_get_cb_info(a.env(), info, &argc, argv.data(), nullptr, nullptr) != napi_ok) {
      a.Fail(false, 0, "sockfd", "could not be read");
      return nullptr;
    }
    for (size_t i = 0; i < bases; i++) {
      napi_typedarray_type type;
      size_t length = 0;
      void* data = nullptr;
      std::string label = "iov[" + std::to_string(i) + "].iov_base";
      if (napi_get_typedarray_info(a.env(), argv[kFixed + i], &type, &length, &data, nullptr,
                                   nullptr) != napi_ok ||
          type != napi_uint8_array) {
        a.Fail(false, kFixed + i, label.c_str(), "must be a Uint8Array");
        return nullptr;
      }
      if (data == nullptr) length = 0;
      uint8_t* entry = iov.data + i * sizeof(struct iovec);
      size_t len = Load<size_t>(entry + offsetof(struct iovec, iov_len));
      if (len > length) {
        a.Fail(true, kFixed + i, label.c_str(),
               ("holds " + Bytes(length) + ", fewer than iov_len (" + std::to_string(len) + ")")
                   .c_str());
        return nullptr;
      }
      Store<void*>(entry + offsetof(struct iovec, iov_base), data);
    }
  }
  Store<void*>(m + offsetof(struct msghdr, msg_name), name.data);
  Store<void*>(m + offsetof(struct msghdr, msg_iov), iovlen > 0 ? iov.data : nullptr);
  Store<void*>(m + offsetof(struct msghdr, msg_control), control.data);
  return reinterpret_cast<struct msghdr*>(m);
}

}  // namespace

// ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);
static napi_value Sendmsg(napi_env env, napi_callback_info info) {
  Args a(env, info, "sendmsg");
  int fd = 0, flags = 0;
  struct msghdr* msg = Prepare(a, info, &fd, &flags);
  if (msg == nullptr) return nullptr;
  return Return(env, BlockingCall(env, a.scratch(), [&] { return sendmsg(fd, msg, flags); }));
}

// ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);
static napi_value Recvmsg(napi_env env, napi_callback_info info) {
  Args a(env, info, "recvmsg");
  int fd = 0, flags = 0;
  struct msghdr* msg = Prepare(a, info, &fd, &flags);
  if (msg == nullptr) return nullptr;
  InputTaken();
  return Return(env, BlockingCall(env, a.scratch(), [&] { return recvmsg(fd, msg, flags); }));
}

void InitMsg(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {{"sendmsg", Sendmsg}, {"recvmsg", Recvmsg}};
  Export(env, exports, entries);
}

}  // namespace bsd
