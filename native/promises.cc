// The calls of bsd-sockets/promises: each parses its arguments as its synchronous
// version does (same helpers, same messages), waits for its fd in the readiness registry
// (readiness.h), then makes the same C call with the same arguments.
//
// Exported as `promises.<name>(id, …the C arguments…)` returning a promise; `id` (non-zero)
// lets `promises.cancel(id, reason)` reject it when its AbortSignal fires.
//
// Arguments held while waiting: the buffer and the output objects are kept by reference
// and read again when the call is made (a buffer detached in between is a RangeError);
// addrlen's value is read then too, as the kernel reads *addrlen during the call.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "addon.h"
#include "args.h"
#include "errors.h"
#include "pollfd.h"
#include "readiness.h"
#include "sockaddr.h"

namespace bsd {

using Interests = std::vector<std::pair<int, Direction>>;

static bool WouldBlock(int err) {
  return err == EAGAIN || err == EWOULDBLOCK;
}

// A Uint8Array argument and the byte count used from it.
struct HeldBuffer {
  Napi::ObjectReference buffer;
  size_t length;

  void Hold(const Napi::CallbackInfo& info, size_t i, size_t len_index, const char* fn,
            const char* buf_name, const char* len_name) {
    Bytes bytes = ArgBytes(info, i, fn, buf_name);
    length = ArgLen(info, len_index, fn, len_name, bytes.length, buf_name);
    buffer = Napi::Persistent(info[i].As<Napi::Object>());
  }

  // The bytes now: the ArrayBuffer may have been detached or resized while waiting.
  uint8_t* Data(const char* fn, const char* buf_name, const char* len_name) const {
    Bytes bytes = BytesFromValue(buffer.Value(), fn, buf_name);
    if (length > bytes.length) {
      ThrowRangeError(buffer.Env(), std::string(fn) + ": " + len_name + " (" +
                                        std::to_string(length) + ") exceeds " + buf_name +
                                        ".byteLength (" + std::to_string(bytes.length) + ")");
    }
    return bytes.data;
  }
};

// An output address (accept's addr, recvfrom's src_addr) and its socklen_t box.
struct HeldOutAddr {
  Napi::ObjectReference target;
  Napi::ObjectReference addrlen_box;

  void Hold(const Napi::CallbackInfo& info, size_t addr_index, size_t len_index, const char* fn) {
    OutAddr out;
    ArgOutAddr(info, addr_index, len_index, fn, &out);
    if (!out.target.IsEmpty()) target = Napi::Persistent(out.target);
    if (!out.addrlen_box.IsEmpty()) addrlen_box = Napi::Persistent(out.addrlen_box);
  }

  // Fills `out` as ArgOutAddr did, reading addrlen's value now.
  void Restore(Napi::Env env, const char* fn, OutAddr* out) const {
    memset(&out->addr.storage, 0, sizeof out->addr.storage);
    out->addr.length = sizeof(struct sockaddr_storage);
    if (!target.IsEmpty()) out->target = target.Value();
    if (!addrlen_box.IsEmpty()) {
      out->addrlen_box = addrlen_box.Value();
      out->addr.length = static_cast<socklen_t>(
          UintFromValue(out->addrlen_box.Get(Key(GetInstance(env).keys.value)), fn, "addrlen.value",
                        sizeof(struct sockaddr_storage)));
    }
    out->capacity = out->addr.length;
  }
};

static uint32_t ArgId(const Napi::CallbackInfo& info, const char* fn) {
  return static_cast<uint32_t>(UintFromValue(info[0], fn, "id", UINT32_MAX));
}

static Napi::Value Start(const Napi::CallbackInfo& info, Waiter* waiter, uint32_t id, int fd,
                         Direction direction) {
  waiter->id = id;
  return Napi::Value(info.Env(), StartWaiting(info.Env(), waiter, Interests{{fd, direction}}, -1));
}

// ------------------------------------------------------------------ accept, accept4

class AcceptWaiter : public Waiter {
 public:
  bool accept4_call;
  const char* fn;
  int fd;
  int flags;  // accept4 only
  HeldOutAddr addr;

  bool Perform(Napi::Env env, napi_value* result, bool) override {
    OutAddr out;
    addr.Restore(env, fn, &out);
    int client =
        accept4_call ? accept4(fd, out.sa(), out.len(), flags) : accept(fd, out.sa(), out.len());
    if (client < 0) {
      if (WouldBlock(errno)) return false;
      ThrowErrno(env, fn, errno);
    }
    FinishOutAddr(env, &out);
    *result = Napi::Number::New(env, client);
    return true;
  }
  const char* Syscall() const override { return fn; }
};

// accept(id, sockfd, addr?, addrlen?)
static Napi::Value Accept(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "accept");
  auto* waiter = new AcceptWaiter();
  std::unique_ptr<Waiter> owned(waiter);
  waiter->accept4_call = false;
  waiter->fn = "accept";
  waiter->fd = ArgFd(info, 1, "accept", "sockfd");
  waiter->addr.Hold(info, 2, 3, "accept");
  waiter->flags = 0;
  return Start(info, owned.release(), id, waiter->fd, kIn);
}

// accept4(id, sockfd, addr, addrlen, flags)
static Napi::Value Accept4(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "accept4");
  auto* waiter = new AcceptWaiter();
  std::unique_ptr<Waiter> owned(waiter);
  waiter->accept4_call = true;
  waiter->fn = "accept4";
  waiter->fd = ArgFd(info, 1, "accept4", "sockfd");
  waiter->addr.Hold(info, 2, 3, "accept4");
  waiter->flags = ArgInt(info, 4, "accept4", "flags");
  return Start(info, owned.release(), id, waiter->fd, kIn);
}

// ------------------------------------------------------------------ connect

// A non-blocking connect that answered EINPROGRESS: once the socket is writable, the
// outcome is read with getsockopt(SO_ERROR), as connect(2) says to.
class ConnectWaiter : public Waiter {
 public:
  int fd;

  bool Perform(Napi::Env env, napi_value* result, bool) override {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
      ThrowErrno(env, "getsockopt", errno);
    }
    if (err != 0) ThrowErrno(env, "connect", err);
    *result = Napi::Number::New(env, 0);
    return true;
  }
  const char* Syscall() const override { return "connect"; }
};

// connect(id, sockfd, addr): the call is made at once (there is nothing to wait for before
// it). On a blocking socket it blocks until the handshake ends, as the synchronous connect
// does; on a non-blocking one EINPROGRESS makes it wait for writability.
static Napi::Value Connect(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "connect");
  int fd = ArgFd(info, 1, "connect", "sockfd");
  SockAddr addr;
  SockaddrFromJs(info[2], "connect", "addr", &addr);
  if (connect(fd, addr.get(), addr.length) == 0) {
    return Napi::Value(info.Env(), Settled(info.Env(), true, Napi::Number::New(info.Env(), 0)));
  }
  if (errno != EINPROGRESS) {
    int err = errno;
    try {
      ThrowErrno(info.Env(), "connect", err);
    } catch (const Napi::Error& error) {
      return Napi::Value(info.Env(), Settled(info.Env(), false, error.Value()));
    }
  }
  auto* waiter = new ConnectWaiter();
  waiter->fd = fd;
  return Start(info, waiter, id, fd, kOut);
}

// ------------------------------------------------------------------ recv, recvfrom, read

class ReceiveWaiter : public Waiter {
 public:
  enum Kind { kRecv, kRecvfrom, kRead } kind;
  const char* fn;
  int fd;
  int flags;
  HeldBuffer buf;
  HeldOutAddr src_addr;  // recvfrom

  bool Perform(Napi::Env env, napi_value* result, bool) override {
    const char* len_name = kind == kRead ? "count" : "len";
    // Reading addrlen's value may run a getter that detaches buf: the buffer's pointer is
    // taken after it, right before the call (see args.h, Bytes).
    OutAddr out;
    if (kind == kRecvfrom) src_addr.Restore(env, fn, &out);
    uint8_t* data = buf.Data(fn, "buf", len_name);
    ssize_t n;
    if (kind == kRecv) {
      n = recv(fd, data, buf.length, flags);
    } else if (kind == kRecvfrom) {
      n = recvfrom(fd, data, buf.length, flags, out.sa(), out.len());
    } else {
      n = read(fd, data, buf.length);
    }
    if (n < 0) {
      if (WouldBlock(errno)) return false;
      ThrowErrno(env, fn, errno);
    }
    if (kind == kRecvfrom) FinishOutAddr(env, &out);
    *result = Napi::Number::New(env, static_cast<double>(n));
    return true;
  }
  const char* Syscall() const override { return fn; }
};

// recv(id, sockfd, buf, len, flags)
static Napi::Value Recv(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "recv");
  auto owned = std::make_unique<ReceiveWaiter>();
  owned->kind = ReceiveWaiter::kRecv;
  owned->fn = "recv";
  owned->fd = ArgFd(info, 1, "recv", "sockfd");
  owned->buf.Hold(info, 2, 3, "recv", "buf", "len");
  owned->flags = ArgInt(info, 4, "recv", "flags");
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kIn);
}

// recvfrom(id, sockfd, buf, len, flags, src_addr?, addrlen?)
static Napi::Value Recvfrom(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "recvfrom");
  auto owned = std::make_unique<ReceiveWaiter>();
  owned->kind = ReceiveWaiter::kRecvfrom;
  owned->fn = "recvfrom";
  owned->fd = ArgFd(info, 1, "recvfrom", "sockfd");
  owned->buf.Hold(info, 2, 3, "recvfrom", "buf", "len");
  owned->flags = ArgInt(info, 4, "recvfrom", "flags");
  owned->src_addr.Hold(info, 5, 6, "recvfrom");
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kIn);
}

// read(id, fd, buf, count)
static Napi::Value Read(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "read");
  auto owned = std::make_unique<ReceiveWaiter>();
  owned->kind = ReceiveWaiter::kRead;
  owned->fn = "read";
  owned->fd = ArgFd(info, 1, "read", "fd");
  owned->buf.Hold(info, 2, 3, "read", "buf", "count");
  owned->flags = 0;
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kIn);
}

// ------------------------------------------------------------------ send, sendto, write

class SendWaiter : public Waiter {
 public:
  enum Kind { kSend, kSendto, kWrite } kind;
  const char* fn;
  int fd;
  int flags;
  HeldBuffer buf;
  bool has_dest = false;  // sendto: dest_addr given (else NULL, 0)
  SockAddr dest_addr;

  bool Perform(Napi::Env env, napi_value* result, bool) override {
    const char* len_name = kind == kWrite ? "count" : "len";
    uint8_t* data = buf.Data(fn, "buf", len_name);
    ssize_t n;
    if (kind == kSend) {
      n = send(fd, data, buf.length, flags);
    } else if (kind == kSendto) {
      n = has_dest ? sendto(fd, data, buf.length, flags, dest_addr.get(), dest_addr.length)
                   : sendto(fd, data, buf.length, flags, nullptr, 0);
    } else {
      n = write(fd, data, buf.length);
    }
    if (n < 0) {
      if (WouldBlock(errno)) return false;
      ThrowErrno(env, fn, errno);
    }
    *result = Napi::Number::New(env, static_cast<double>(n));
    return true;
  }
  const char* Syscall() const override { return fn; }
};

// send(id, sockfd, buf, len, flags)
static Napi::Value Send(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "send");
  auto owned = std::make_unique<SendWaiter>();
  owned->kind = SendWaiter::kSend;
  owned->fn = "send";
  owned->fd = ArgFd(info, 1, "send", "sockfd");
  owned->buf.Hold(info, 2, 3, "send", "buf", "len");
  owned->flags = ArgInt(info, 4, "send", "flags");
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kOut);
}

// sendto(id, sockfd, buf, len, flags, dest_addr?)
static Napi::Value Sendto(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "sendto");
  auto owned = std::make_unique<SendWaiter>();
  owned->kind = SendWaiter::kSendto;
  owned->fn = "sendto";
  owned->fd = ArgFd(info, 1, "sendto", "sockfd");
  owned->buf.Hold(info, 2, 3, "sendto", "buf", "len");
  owned->flags = ArgInt(info, 4, "sendto", "flags");
  if (!IsNullish(info, 5)) {
    owned->has_dest = true;
    SockaddrFromJs(info[5], "sendto", "dest_addr", &owned->dest_addr);
  }
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kOut);
}

// write(id, fd, buf, count)
static Napi::Value Write(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "write");
  auto owned = std::make_unique<SendWaiter>();
  owned->kind = SendWaiter::kWrite;
  owned->fn = "write";
  owned->fd = ArgFd(info, 1, "write", "fd");
  owned->buf.Hold(info, 2, 3, "write", "buf", "count");
  owned->flags = 0;
  int fd = owned->fd;
  return Start(info, owned.release(), id, fd, kOut);
}

// ------------------------------------------------------------------ poll

// Waits until one of the entries' events is reported by epoll, then calls
// poll(fds, nfds, timeout) with the caller's timeout; it returns at once, the fd being
// ready. When the timeout expires first, the call is poll(fds, nfds, 0): the time has
// been waited in the event loop, and the kernel's answer now (usually 0) is returned.
class PollWaiter : public Waiter {
 public:
  Napi::ObjectReference fds;
  int timeout;

  bool Perform(Napi::Env env, napi_value* result, bool timed_out) override {
    std::vector<struct pollfd> entries = PollfdsFromJs(fds.Value(), "poll");
    int n = poll(entries.data(), entries.size(), timed_out ? 0 : timeout);
    if (n < 0) ThrowErrno(env, "poll", errno);
    WriteRevents(fds.Value(), entries);
    *result = Napi::Number::New(env, n);
    return true;
  }
  const char* Syscall() const override { return "poll"; }
};

// The epoll events a pollfd's events ask for. POLLERR, POLLHUP and POLLNVAL are always
// reported (by epoll too) and need no interest.
static void PollInterests(const struct pollfd& entry, Interests* interests) {
  if (entry.fd < 0) return;  // ignored by poll(2)
  if (entry.events & (POLLIN | POLLRDNORM | POLLRDBAND)) interests->push_back({entry.fd, kIn});
  if (entry.events & (POLLOUT | POLLWRNORM | POLLWRBAND)) interests->push_back({entry.fd, kOut});
  if (entry.events & POLLPRI) interests->push_back({entry.fd, kPri});
  if (entry.events & POLLRDHUP) interests->push_back({entry.fd, kRdhup});
}

// poll(id, fds, timeout)
static Napi::Value Poll(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "poll");
  std::vector<struct pollfd> entries = PollfdsFromJs(info[1], "poll");
  int timeout = ArgInt(info, 2, "poll", "timeout");
  auto owned = std::make_unique<PollWaiter>();
  owned->fds = Napi::Persistent(info[1].As<Napi::Object>());
  owned->timeout = timeout;
  owned->id = id;
  Interests interests;
  for (const auto& entry : entries) PollInterests(entry, &interests);
  return Napi::Value(info.Env(), StartWaiting(info.Env(), owned.release(), interests, timeout));
}

// ------------------------------------------------------------------ cancel

// cancel(id, reason): rejects the waiting call `id` with `reason`.
static Napi::Value Cancel(const Napi::CallbackInfo& info) {
  uint32_t id = ArgId(info, "cancel");
  CancelWaiter(info.Env(), id, info[1]);
  return info.Env().Undefined();
}

void InitPromises(Napi::Env env, Napi::Object exports) {
  Napi::Object promises = Napi::Object::New(env);
  promises.Set("accept", Napi::Function::New(env, Accept, "accept"));
  promises.Set("accept4", Napi::Function::New(env, Accept4, "accept4"));
  promises.Set("connect", Napi::Function::New(env, Connect, "connect"));
  promises.Set("recv", Napi::Function::New(env, Recv, "recv"));
  promises.Set("recvfrom", Napi::Function::New(env, Recvfrom, "recvfrom"));
  promises.Set("read", Napi::Function::New(env, Read, "read"));
  promises.Set("send", Napi::Function::New(env, Send, "send"));
  promises.Set("sendto", Napi::Function::New(env, Sendto, "sendto"));
  promises.Set("write", Napi::Function::New(env, Write, "write"));
  promises.Set("poll", Napi::Function::New(env, Poll, "poll"));
  promises.Set("cancel", Napi::Function::New(env, Cancel, "cancel"));
  exports.Set("promises", promises);
}

}  // namespace bsd
