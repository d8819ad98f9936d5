// The calls of bsd-sockets/promises, on the native boundary (boundary.h): each takes numbers
// and byte views, waits for its fd in the readiness registry (readiness.h), then makes the
// same C call as its synchronous version, with the same arguments.
//
// Exported as `promises.<name>(id, …the C arguments…)`. The result is C's in one number:
// the return value, or -errno when the call failed. It is returned as a number when the
// call could be made at once, else as a promise of that number. `id` (non-zero) lets
// `promises.cancel(id, reason)` reject a waiting call when its AbortSignal fires.
//
// Structs are bytes that TypeScript encodes and decodes (src/promises/index.ts):
//   - an input address (connect, sendto) is copied from the scratch's address (boundary.h)
//     when the call starts, as the kernel copies it from the C program's memory;
//   - an output address (accept, recvfrom) is a view of sizeof(struct sockaddr_storage)
//     bytes followed by the socklen_t *addrlen, that the call writes and TypeScript decodes
//     once it settles; it belongs to that call (never the shared Scratch: synchronous calls
//     run while a promise waits);
//   - poll's fds is the bytes of a struct pollfd array, revents written by the call.
// While waiting, the views are held by reference and their memory taken again when the
// call is made: a buffer detached in between rejects with a RangeError.
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "addon.h"
#include "boundary.h"
#include "readiness.h"

namespace bsd {

// The view an output address is written into: the struct, then its socklen_t.
static constexpr size_t kOutAddrLen = sizeof(struct sockaddr_storage);
static constexpr size_t kOutAddrSize = kOutAddrLen + sizeof(socklen_t);

static bool WouldBlock(int err) {
  return err == EAGAIN || err == EWOULDBLOCK;
}

// C's result as one number: ret, or -errno when the call failed.
template <typename T>
static double Result(T ret) {
  return ret < 0 ? -static_cast<double>(errno) : static_cast<double>(ret);
}

// A byte view argument: its memory when the call starts, and a reference to take it again
// when the call is made after waiting.
struct HeldView {
  View start{nullptr, 0};
  size_t length = 0;  // the bytes the call uses
  napi_value value = nullptr;
  Held held;

  void Take(Args& a, size_t i, View view, size_t used) {
    start = view;
    length = used;
    value = a[i];
  }
  void Hold(napi_env env) {
    if (value != nullptr) held.Set(env, value);
    value = nullptr;
  }
  // The memory now, or nullptr with *reason set when the buffer no longer holds `length`
  // bytes (detached or shrunk while waiting). A view not given (C's NULL) is nullptr.
  uint8_t* Data(napi_env env, bool now, const char* fn, const char* name, const char* len_name,
                napi_value* reason) const {
    if (now || held.Empty()) return start.data;
    napi_typedarray_type type;
    size_t bytes = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, held.Get(), &type, &bytes, &data, nullptr, nullptr) !=
            napi_ok ||
        data == nullptr) {
      bytes = 0;
    }
    if (length > bytes || (data == nullptr && length > 0)) {
      char message[200];
      snprintf(message, sizeof message, "%s: %s (%zu) exceeds %s.byteLength (%zu)", fn, len_name,
               length, name, bytes);
      napi_value text;
      napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
      napi_create_range_error(env, nullptr, text, reason);
      return nullptr;
    }
    return static_cast<uint8_t*>(data);
  }
};

// The first argument of every call: the id `cancel` takes (0: none).
static uint32_t ArgId(Args& a) {
  return a.Uint(0, "id");
}

// An output address view: null, or at least kOutAddrSize bytes. `given` says which of the
// pointers the call gets (1: struct sockaddr *, 2: socklen_t *), as in bsd-sockets/c.
static bool ArgOutAddr(Args& a, size_t i, size_t given_index, HeldView* out, int* given) {
  View view = a.Bytes(i, "addr", true);
  *given = a.Int(given_index, "given");
  if (!a.ok()) return false;
  if (*given != 0 && view.length < kOutAddrSize) {
    a.Fail(true, i, "addr", "must hold a struct sockaddr_storage and a socklen_t");
    return false;
  }
  out->Take(a, i, view, *given != 0 ? kOutAddrSize : 0);
  return true;
}

// The pointers an output address view gives the call.
static void OutAddrPointers(uint8_t* view, int given, struct sockaddr** addr, socklen_t** len) {
  *addr = (given & 1) && view != nullptr ? reinterpret_cast<struct sockaddr*>(view) : nullptr;
  *len =
      (given & 2) && view != nullptr ? reinterpret_cast<socklen_t*>(view + kOutAddrLen) : nullptr;
}

// An input address, copied into `storage` from the scratch's address (TypeScript encoded it
// there right before the call): its first min(addrlen, sizeof) bytes. The kernel reads
// addrlen bytes only when addrlen <= sizeof(struct sockaddr_storage), and refuses a larger
// one (EINVAL) without reading.
static void CopyInAddr(const Scratch* scratch, socklen_t addrlen,
                       struct sockaddr_storage* storage) {
  size_t n = addrlen < sizeof *storage ? addrlen : sizeof *storage;
  if (n < sizeof *storage) memset(reinterpret_cast<char*>(storage) + n, 0, sizeof *storage - n);
  if (n > 0) memcpy(storage, &scratch->addr, n);
}

static napi_value Start(napi_env env, Waiter* waiter, uint32_t id, int fd, Direction direction) {
  waiter->id = id;
  Interest interest{fd, direction};
  return StartWaiting(env, waiter, Interests{&interest, 1}, -1);
}

// ------------------------------------------------------------------ accept, accept4

class AcceptWaiter : public Waiter {
 public:
  bool accept4_call = false;
  int fd = -1;
  int flags = 0;  // accept4 only
  int given = 0;
  HeldView addr;

  Outcome Perform(napi_env env, bool, bool now, double* ret, napi_value* reason) override {
    const char* fn = accept4_call ? "accept4" : "accept";
    uint8_t* view = addr.Data(env, now, fn, "addr", "addrlen", reason);
    if (view == nullptr && *reason != nullptr) return kRejected;
    struct sockaddr* sa;
    socklen_t* len;
    OutAddrPointers(view, given, &sa, &len);
    FdsChanged();
    int client = accept4_call ? accept4(fd, sa, len, flags) : accept(fd, sa, len);
    if (client < 0 && WouldBlock(errno)) return kAgain;
    *ret = Result(client);
    return kDone;
  }
  void Hold(napi_env env) override { addr.Hold(env); }
};

// accept(id, sockfd, addr, given)
static napi_value Accept(napi_env env, napi_callback_info info) {
  Args a(env, info, "accept");
  auto waiter = std::make_unique<AcceptWaiter>();
  uint32_t id = ArgId(a);
  waiter->fd = a.Int(1, "sockfd");
  if (!ArgOutAddr(a, 2, 3, &waiter->addr, &waiter->given)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kIn);
}

// accept4(id, sockfd, addr, given, flags)
static napi_value Accept4(napi_env env, napi_callback_info info) {
  Args a(env, info, "accept4");
  auto waiter = std::make_unique<AcceptWaiter>();
  waiter->accept4_call = true;
  uint32_t id = ArgId(a);
  waiter->fd = a.Int(1, "sockfd");
  waiter->flags = a.Int(4, "flags");
  if (!ArgOutAddr(a, 2, 3, &waiter->addr, &waiter->given)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kIn);
}

// ------------------------------------------------------------------ connect

// A non-blocking connect that answered EINPROGRESS: once the socket is writable, the
// outcome is read with getsockopt(SO_ERROR), as connect(2) says to.
class ConnectWaiter : public Waiter {
 public:
  int fd = -1;

  Outcome Perform(napi_env, bool, bool, double* ret, napi_value*) override {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    *ret = err == 0 ? 0 : -static_cast<double>(err);
    return kDone;
  }
};

// connect(id, sockfd, addrlen), the address in the scratch: the call is made at once
// (there is nothing to wait for before it). On a blocking socket it blocks until the
// handshake ends, as the synchronous connect does; on a non-blocking one EINPROGRESS makes
// it wait for writability.
static napi_value Connect(napi_env env, napi_callback_info info) {
  Args a(env, info, "connect");
  uint32_t id = ArgId(a);
  int fd = a.Int(1, "sockfd");
  socklen_t addrlen = a.Uint(2, "addrlen");
  if (!a.ok()) return nullptr;
  struct sockaddr_storage storage;
  CopyInAddr(a.scratch(), addrlen, &storage);
  int rc = connect(fd, reinterpret_cast<struct sockaddr*>(&storage), addrlen);
  if (rc == 0 || errno != EINPROGRESS) return Return(env, Result(rc));
  auto* waiter = new ConnectWaiter();
  waiter->syscall = "connect";
  waiter->fd = fd;
  return Start(env, waiter, id, fd, kOut);
}

// ------------------------------------------------------------------ recv, recvfrom, read

class ReceiveWaiter : public Waiter {
 public:
  enum Kind { kRecv, kRecvfrom, kRead } kind = kRecv;
  int fd = -1;
  int flags = 0;
  HeldView buf;
  int given = 0;      // recvfrom
  HeldView src_addr;  // recvfrom

  Outcome Perform(napi_env env, bool, bool now, double* ret, napi_value* reason) override {
    const char* fn = kind == kRecv ? "recv" : kind == kRecvfrom ? "recvfrom" : "read";
    uint8_t* view = nullptr;
    if (kind == kRecvfrom) {
      view = src_addr.Data(env, now, fn, "src_addr", "addrlen", reason);
      if (*reason != nullptr) return kRejected;
    }
    uint8_t* data = buf.Data(env, now, fn, "buf", kind == kRead ? "count" : "len", reason);
    if (*reason != nullptr) return kRejected;
    ssize_t n;
    if (kind == kRecv) {
      n = recv(fd, data, buf.length, flags);
    } else if (kind == kRecvfrom) {
      struct sockaddr* sa;
      socklen_t* len;
      OutAddrPointers(view, given, &sa, &len);
      n = recvfrom(fd, data, buf.length, flags, sa, len);
    } else {
      n = read(fd, data, buf.length);
    }
    if (n < 0 && WouldBlock(errno)) return kAgain;
    more_input = n > 0 && static_cast<size_t>(n) == buf.length;
    *ret = Result(n);
    return kDone;
  }
  void Hold(napi_env env) override {
    buf.Hold(env);
    src_addr.Hold(env);
  }
};

// The arguments every receive and send call shares: (id, fd, buf, len[, flags]).
template <typename W>
static bool ArgsOfTransfer(Args& a, W* waiter, uint32_t* id, bool has_flags) {
  *id = ArgId(a);
  waiter->fd = a.Int(1, "fd");
  View buf = a.Bytes(2, "buf");
  size_t len = a.Len(3, "len", buf, "buf");
  if (has_flags) waiter->flags = a.Int(4, "flags");
  if (!a.ok()) return false;
  waiter->buf.Take(a, 2, buf, len);
  return true;
}

// recv(id, sockfd, buf, len, flags)
static napi_value Recv(napi_env env, napi_callback_info info) {
  Args a(env, info, "recv");
  auto waiter = std::make_unique<ReceiveWaiter>();
  waiter->syscall = "recv";
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, true)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kIn);
}

// recvfrom(id, sockfd, buf, len, flags, src_addr, given)
static napi_value Recvfrom(napi_env env, napi_callback_info info) {
  Args a(env, info, "recvfrom");
  auto waiter = std::make_unique<ReceiveWaiter>();
  waiter->kind = ReceiveWaiter::kRecvfrom;
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, true)) return nullptr;
  if (!ArgOutAddr(a, 5, 6, &waiter->src_addr, &waiter->given)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kIn);
}

// read(id, fd, buf, count)
static napi_value Read(napi_env env, napi_callback_info info) {
  Args a(env, info, "read");
  auto waiter = std::make_unique<ReceiveWaiter>();
  waiter->syscall = "read";
  waiter->kind = ReceiveWaiter::kRead;
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, false)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kIn);
}

// ------------------------------------------------------------------ send, sendto, write

class SendWaiter : public Waiter {
 public:
  enum Kind { kSend, kSendto, kWrite } kind = kSend;
  int fd = -1;
  int flags = 0;
  HeldView buf;
  bool has_dest = false;  // sendto: dest_addr given (else NULL)
  socklen_t addrlen = 0;  // sendto
  struct sockaddr_storage dest_addr;

  Outcome Perform(napi_env env, bool, bool now, double* ret, napi_value* reason) override {
    const char* fn = kind == kSend ? "send" : kind == kSendto ? "sendto" : "write";
    uint8_t* data = buf.Data(env, now, fn, "buf", kind == kWrite ? "count" : "len", reason);
    if (*reason != nullptr) return kRejected;
    ssize_t n;
    if (kind == kSend) {
      n = send(fd, data, buf.length, flags);
    } else if (kind == kSendto) {
      n = sendto(fd, data, buf.length, flags,
                 has_dest ? reinterpret_cast<struct sockaddr*>(&dest_addr) : nullptr, addrlen);
    } else {
      n = write(fd, data, buf.length);
    }
    if (n < 0 && WouldBlock(errno)) return kAgain;
    *ret = Result(n);
    return kDone;
  }
  void Hold(napi_env env) override { buf.Hold(env); }
};

// send(id, sockfd, buf, len, flags)
static napi_value Send(napi_env env, napi_callback_info info) {
  Args a(env, info, "send");
  auto waiter = std::make_unique<SendWaiter>();
  waiter->syscall = "send";
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, true)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kOut);
}

// sendto(id, sockfd, buf, len, flags, given, addrlen): given 1, dest_addr is the scratch's
// address; 0, C's NULL.
static napi_value Sendto(napi_env env, napi_callback_info info) {
  Args a(env, info, "sendto");
  auto waiter = std::make_unique<SendWaiter>();
  waiter->syscall = "sendto";
  waiter->kind = SendWaiter::kSendto;
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, true)) return nullptr;
  waiter->has_dest = a.Int(5, "given") != 0;
  waiter->addrlen = a.Uint(6, "addrlen");
  if (!a.ok()) return nullptr;
  if (waiter->has_dest) CopyInAddr(a.scratch(), waiter->addrlen, &waiter->dest_addr);
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kOut);
}

// write(id, fd, buf, count)
static napi_value Write(napi_env env, napi_callback_info info) {
  Args a(env, info, "write");
  auto waiter = std::make_unique<SendWaiter>();
  waiter->syscall = "write";
  waiter->kind = SendWaiter::kWrite;
  uint32_t id;
  if (!ArgsOfTransfer(a, waiter.get(), &id, false)) return nullptr;
  int fd = waiter->fd;
  return Start(env, waiter.release(), id, fd, kOut);
}

// ------------------------------------------------------------------ poll

// Waits until one of the entries' events is reported by epoll, then calls
// poll(fds, nfds, timeout) with the caller's timeout; it returns at once, the fd being
// ready. When the timeout expires first, the call is poll(fds, nfds, 0): the time has
// been waited in the event loop, and the kernel's answer now (usually 0) is returned.
class PollWaiter : public Waiter {
 public:
  HeldView fds;
  size_t nfds = 0;
  int timeout = -1;

  Outcome Perform(napi_env env, bool timed_out, bool now, double* ret,
                  napi_value* reason) override {
    uint8_t* data = fds.Data(env, now, "poll", "fds", "nfds * sizeof(struct pollfd)", reason);
    if (*reason != nullptr) return kRejected;
    int n = poll(reinterpret_cast<struct pollfd*>(data), nfds, timed_out ? 0 : timeout);
    *ret = Result(n);
    return kDone;
  }
  void Hold(napi_env env) override { fds.Hold(env); }
};

// The epoll events a pollfd's events ask for. POLLERR, POLLHUP and POLLNVAL are always
// reported (by epoll too) and need no interest.
static void PollInterests(const struct pollfd& entry, std::vector<Interest>* interests) {
  if (entry.fd < 0) return;  // ignored by poll(2)
  if (entry.events & (POLLIN | POLLRDNORM | POLLRDBAND)) interests->push_back({entry.fd, kIn});
  if (entry.events & (POLLOUT | POLLWRNORM | POLLWRBAND)) interests->push_back({entry.fd, kOut});
  if (entry.events & POLLPRI) interests->push_back({entry.fd, kPri});
  if (entry.events & POLLRDHUP) interests->push_back({entry.fd, kRdhup});
}

// poll(id, fds, nfds, timeout): fds the bytes of nfds struct pollfd (null when nfds is 0).
static napi_value Poll(napi_env env, napi_callback_info info) {
  Args a(env, info, "poll");
  auto waiter = std::make_unique<PollWaiter>();
  uint32_t id = ArgId(a);
  View fds = a.Bytes(1, "fds", true);
  double nfds = a.Size(2, "nfds");
  waiter->timeout = a.Int(3, "timeout");
  if (!a.ok()) return nullptr;
  if (nfds > static_cast<double>(fds.length / sizeof(struct pollfd))) {
    a.Fail(true, 2, "nfds", "is beyond the struct pollfd entries of fds");
    return nullptr;
  }
  if (reinterpret_cast<uintptr_t>(fds.data) % alignof(struct pollfd) != 0) {
    a.Fail(true, 1, "fds", "must be aligned for struct pollfd");
    return nullptr;
  }
  waiter->nfds = static_cast<size_t>(nfds);
  waiter->fds.Take(a, 1, fds, waiter->nfds * sizeof(struct pollfd));
  const auto* entries = reinterpret_cast<const struct pollfd*>(fds.data);
  std::vector<Interest> interests;
  for (size_t i = 0; i < waiter->nfds; i++) PollInterests(entries[i], &interests);
  waiter->id = id;
  int timeout = waiter->timeout;
  return StartWaiting(env, waiter.release(), Interests{interests.data(), interests.size()},
                      timeout);
}

// ------------------------------------------------------------------ errors

// errors(fn): `fn(syscall, errno)` makes the error a failed call rejects with (TypeScript's
// ErrnoError, the thread's errno set), for the calls whose promise TypeScript returns as it
// is (readiness.h, Waiter::syscall). Kept for the life of this environment.
static napi_value Errors(napi_env env, napi_callback_info info) {
  Args a(env, info, "errors");
  napi_valuetype type = napi_undefined;
  napi_typeof(env, a[0], &type);
  if (type != napi_function) {
    napi_throw_type_error(env, nullptr, "promises.errors: fn must be a function");
    return nullptr;
  }
  Instance& instance = GetInstance(Napi::Env(env));
  if (instance.promise_errors != nullptr) napi_delete_reference(env, instance.promise_errors);
  napi_create_reference(env, a[0], 1, &instance.promise_errors);
  return nullptr;
}

// ------------------------------------------------------------------ cancel

// cancel(id, reason): rejects the waiting call `id` with `reason`.
static napi_value Cancel(napi_env env, napi_callback_info info) {
  Args a(env, info, "cancel");
  uint32_t id = ArgId(a);
  if (!a.ok()) return nullptr;
  CancelWaiter(env, id, a[1]);
  return nullptr;
}

void InitPromises(Napi::Env env, Napi::Object exports) {
  static const Entry entries[] = {
      {"accept", Accept},     {"accept4", Accept4}, {"connect", Connect}, {"recv", Recv},
      {"recvfrom", Recvfrom}, {"read", Read},       {"send", Send},       {"sendto", Sendto},
      {"write", Write},       {"poll", Poll},       {"cancel", Cancel},   {"errors", Errors},
  };
  Napi::Object promises = Napi::Object::New(env);
  Export(env, promises, entries);
  exports.Set("promises", promises);
}

}  // namespace bsd
