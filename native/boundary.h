// The native boundary: what every entry point of the addon does, and the memory it shares
// with TypeScript.
//
// An entry point makes one C call and nothing else (src/c/ is where the C convention is
// kept, src/ where errors are thrown):
//   1. it reads its arguments: numbers, and byte views (Uint8Array) of memory TS owns;
//   2. it sets errno to the program's errno (Scratch::errno_value), makes the one C call,
//      and stores the errno the call left back into Scratch::errno_value, failed or not;
//   3. it returns C's own return value, as a number.
// It reads no JS object and creates none: structs (sockaddr, socklen_t, timeval…) are
// encoded and decoded in TypeScript (src/struct/), in the Scratch below or in the byte
// views given. A failure is C's -1 and errno, never a throw; the only exceptions are a
// TypeError or RangeError for an argument that would make native read or write out of
// bounds, which the TypeScript layer never passes.
//
// Written against Node-API's C interface, in two conventions:
//   - the hot calls (close, getsockname, getpeername, send, sendto, recv, recvfrom,
//     getaddrinfo) read their numbers from Scratch::args and Scratch::length, which TS
//     writes right before the call, and leave C's result in Scratch::result: no
//     napi_get_value_* or napi_create_* per call. At most one JS argument, a byte view, is
//     asked of Node-API (napi_get_typedarray_info), and none when TS copied a small buffer
//     into Scratch::small_buf; ScratchOf finds the Scratch of the process's first instance
//     without even napi_get_cb_info;
//   - the others (class Args below): one napi_get_cb_info, then one napi_get_value_* or
//     napi_get_typedarray_info per argument, and napi_create_double for the result.
// bench/instructions.ts counts each against an empty Node-API function.
#pragma once

#include <netdb.h>
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <cerrno>

namespace bsd {

// The memory TypeScript and native share, one per add-on instance (the main thread and
// each worker_thread), exported as the ArrayBuffer `scratch`. TS reads its layout from
// `layout.Scratch` (native/layout.cc), never from numbers typed in.
struct Scratch {
  // The program's errno, as C's errno is: set before each call, stored after it.
  int32_t errno_value;
  // h_errno, stored after gethostbyname(3) and gethostbyaddr(3).
  int32_t h_errno_value;
  // The socklen_t that `socklen_t *addrlen` points to (accept, recvfrom, getsockname…).
  socklen_t addrlen;
  // The socklen_t that getsockopt's `socklen_t *optlen` points to.
  socklen_t optlen;
  // The struct sockaddr an address argument points to, given or returned.
  struct sockaddr_storage addr;
  // int sv[2] of socketpair(2).
  int32_t sv[2];
  // getaddrinfo(3)'s arguments (native/addrinfo.cc), written by TS after every check, and
  // the list it packs (packed.h). gai_args: node, service, hints, then hints' ai_flags,
  // ai_family, ai_socktype and ai_protocol (its other fields are zero). node and service
  // are 0 for C's NULL, 1 for the NUL-terminated text in gai_node/gai_service (at most
  // NI_MAXHOST and NI_MAXSERV bytes), 2 for a longer string, passed as a byte view
  // argument instead; hints is 0 for NULL, 1 for the struct.
  int32_t gai_args[7];
  char gai_node[NI_MAXHOST];
  char gai_service[NI_MAXSERV];
  // 100 records of 160 bytes: a longer list comes back in a new ArrayBuffer (packed.h).
  alignas(8) uint8_t gai_list[16384];
  // setsockopt/getsockopt's optval: TS copies the caller's bytes in and out.
  alignas(8) unsigned char optval[512];
  // select(2)'s three sets and its timeout.
  fd_set readfds;
  fd_set writefds;
  fd_set exceptfds;
  struct timeval timeout;
  // The number arguments of the entries that take theirs here rather than as JS numbers
  // (getsockname, getpeername, sendto, recvfrom: no napi_get_value_* per argument),
  // written by TS right before the call, and C's return value of those entries. `length`
  // is their size_t (a byte count up to 2^53).
  int32_t args[6];
  double length;
  double result;
  // The bytes of a small send (sendto), copied here by TS when Scratch::args says so: the
  // entry then reads no JS value at all, where asking Node-API for the caller's Uint8Array
  // (napi_get_cb_info, napi_get_typedarray_info) is about 350 of the ~1,000 instructions of
  // a 16-byte sendto (bench/instructions.ts). Larger buffers are read where they are.
  alignas(8) unsigned char small_buf[256];
};

// The Scratch of an entry that reads its arguments from Scratch::args: only the function's
// data is asked of Node-API.
//
// The first instance of the process (the main thread's, as a rule) is known without that
// call: napi_get_cb_info is 34 of the ~80 instructions such an entry adds to an empty
// Node-API function (bench/instructions.ts). An env is only ever used on its own thread,
// which also made it and ends it, so a relaxed load is enough: another thread's env never
// equals it, and it is cleared (env cleanup hook) before its env can be freed and reused.
extern std::atomic<napi_env> first_env;
extern Scratch* first_scratch;

inline Scratch* ScratchOf(napi_env env, napi_callback_info info) {
  if (env == first_env.load(std::memory_order_relaxed)) return first_scratch;
  void* data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  return static_cast<Scratch*>(data);
}

// Makes one C call as the C program makes it: errno is the program's errno before the
// call, and whatever the call leaves in errno is the program's errno after it (a call that
// succeeds may leave it unchanged, as in C). Stored at once: V8 and libuv run before TS
// reads it, and may overwrite errno.
template <typename F>
inline auto CCall(Scratch* scratch, F&& call) -> decltype(call()) {
  errno = scratch->errno_value;
  auto result = call();
  scratch->errno_value = errno;
  return result;
}

// A byte view argument: the memory of a Uint8Array (a Buffer included).
struct View {
  uint8_t* data;
  size_t length;
};

// ScratchOf, for an entry whose one JS argument is its buffer: the view, and
// Scratch::length checked against it (a RangeError naming `fn`, never a read or write
// past the view; TS checked it first). Returns nullptr with the error pending.
Scratch* ScratchAndBuffer(napi_env env, napi_callback_info info, const char* fn, View* buf,
                          size_t* len);

// The buffer of send, sendto, recv and recvfrom: Scratch::small_buf when Scratch::args[4]
// says so (TS copied the bytes to send there, or copies the bytes received from there after
// the call; the entry is then called with no argument), else the one argument, the
// caller's Uint8Array (ScratchAndBuffer). Scratch::length is the byte count, checked
// against the buffer either way. Returns false with a JS error pending.
bool SmallOrViewBuffer(napi_env env, napi_callback_info info, Scratch* s, const char* fn, View* buf,
                       size_t* len);

// The arguments of one call, read once. Each reader leaves a JS TypeError/RangeError
// pending and returns 0 on a bad argument; the entry point tests ok() before its C call,
// and returns nullptr when it is false. The messages name the function: "sendto: argument
// 2 (len) is 2048, beyond the 1024 bytes of buf".
class Args {
 public:
  static constexpr size_t kMax = 8;

  Args(napi_env env, napi_callback_info info, const char* fn);

  napi_env env() const { return env_; }
  Scratch* scratch() const { return scratch_; }
  bool ok() const { return ok_; }
  size_t count() const { return argc_; }
  napi_value operator[](size_t i) const { return argv_[i]; }

  // A C int (fd, domain, flags…): a number, converted as ToInt32 does; TS checks ranges.
  int32_t Int(size_t i, const char* name);
  // A C unsigned (socklen_t, uint32_t): ToUint32.
  uint32_t Uint(size_t i, const char* name);
  // A size_t or a C long (a length, a timeout in ms): an integer in [0, 2^53].
  double Size(size_t i, const char* name);
  // The bytes of a Uint8Array. With `nullable`, null or undefined is C's NULL: {nullptr, 0}.
  View Bytes(size_t i, const char* name, bool nullable = false);
  // A byte count within `view`: len <= view.length, or a RangeError (never a read past it).
  size_t Len(size_t i, const char* name, const View& view, const char* view_name);

  // A pending error for argument i, and ok() false.
  void Fail(bool range, size_t i, const char* name, const char* what);

 private:
  napi_env env_;
  const char* fn_;
  Scratch* scratch_ = nullptr;
  size_t argc_ = kMax;
  napi_value argv_[kMax];
  bool ok_ = true;
};

// C's return value as a JS number.
napi_value Return(napi_env env, double value);

// An entry point: `name` is the C function's, `cb` reads Args and makes the call.
struct Entry {
  const char* name;
  napi_callback cb;
};
// Adds each entry to `target` as a function whose data is the instance's Scratch.
void Export(napi_env env, napi_value target, const Entry* entries, size_t count);
template <size_t N>
void Export(napi_env env, napi_value target, const Entry (&entries)[N]) {
  Export(env, target, entries, N);
}

// The Scratch of this instance (created by InitBoundary).
Scratch* GetScratch(napi_env env);

}  // namespace bsd
