// The constants of the addon, and the errno → name tables, in one file.
//
// Every value is read from the system headers by the compiler when the addon is built:
// nothing here is a typed-in number. The constants are every integer constant macro of the
// socket headers, listed by scripts/generate-constants.cjs from the preprocessor into
// header_constants.h; a name this C library does not define is simply absent from the
// exported object (the #ifdef around each entry).
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "addon.h"
#include "errors.h"

// A kernel header's macro uses GNU C's `typeof` (NL_MMAP_HDRLEN, linux/netlink.h), which the
// prebuild's strict -std=c++17 does not know; `__typeof__` is known in every mode.
#ifndef typeof
#define typeof __typeof__
#endif
#include "header_constants.h"

namespace bsd {

#define BSD_SET(name) target.Set(#name, Napi::Number::New(env, static_cast<double>(name)));

// errno values and their names, as <errno.h> defines them. ErrnoName() and the exported
// `errno_names` table both come from this list.
#define BSD_ERRNO_LIST(X) \
  X(EPERM)                \
  X(ENOENT)               \
  X(ESRCH)                \
  X(EINTR)                \
  X(EIO)                  \
  X(ENXIO)                \
  X(E2BIG)                \
  X(ENOEXEC)              \
  X(EBADF)                \
  X(ECHILD)               \
  X(EAGAIN)               \
  X(ENOMEM)               \
  X(EACCES)               \
  X(EFAULT)               \
  X(ENOTBLK)              \
  X(EBUSY)                \
  X(EEXIST)               \
  X(EXDEV)                \
  X(ENODEV)               \
  X(ENOTDIR)              \
  X(EISDIR)               \
  X(EINVAL)               \
  X(ENFILE)               \
  X(EMFILE)               \
  X(ENOTTY)               \
  X(ETXTBSY)              \
  X(EFBIG)                \
  X(ENOSPC)               \
  X(ESPIPE)               \
  X(EROFS)                \
  X(EMLINK)               \
  X(EPIPE)                \
  X(EDOM)                 \
  X(ERANGE)               \
  X(EDEADLK)              \
  X(ENAMETOOLONG)         \
  X(ENOLCK)               \
  X(ENOSYS)               \
  X(ENOTEMPTY)            \
  X(ELOOP)                \
  X(ENOMSG)               \
  X(EIDRM)                \
  X(ENOSTR)               \
  X(ENODATA)              \
  X(ETIME)                \
  X(ENOSR)                \
  X(EREMOTE)              \
  X(ENOLINK)              \
  X(EPROTO)               \
  X(EMULTIHOP)            \
  X(EBADMSG)              \
  X(EOVERFLOW)            \
  X(EILSEQ)               \
  X(EUSERS)               \
  X(ENOTSOCK)             \
  X(EDESTADDRREQ)         \
  X(EMSGSIZE)             \
  X(EPROTOTYPE)           \
  X(ENOPROTOOPT)          \
  X(EPROTONOSUPPORT)      \
  X(ESOCKTNOSUPPORT)      \
  X(EOPNOTSUPP)           \
  X(EPFNOSUPPORT)         \
  X(EAFNOSUPPORT)         \
  X(EADDRINUSE)           \
  X(EADDRNOTAVAIL)        \
  X(ENETDOWN)             \
  X(ENETUNREACH)          \
  X(ENETRESET)            \
  X(ECONNABORTED)         \
  X(ECONNRESET)           \
  X(ENOBUFS)              \
  X(EISCONN)              \
  X(ENOTCONN)             \
  X(ESHUTDOWN)            \
  X(ETOOMANYREFS)         \
  X(ETIMEDOUT)            \
  X(ECONNREFUSED)         \
  X(EHOSTDOWN)            \
  X(EHOSTUNREACH)         \
  X(EALREADY)             \
  X(EINPROGRESS)          \
  X(ESTALE)               \
  X(EDQUOT)               \
  X(ECANCELED)            \
  X(EOWNERDEAD)           \
  X(ENOTRECOVERABLE)      \
  X(ERFKILL)              \
  X(EHWPOISON)

// Aliases (EWOULDBLOCK == EAGAIN, ENOTSUP == EOPNOTSUPP, EDEADLOCK == EDEADLK on Linux)
// are exported as constants but never chosen as the `code` of an error: the primary name
// is what strace and perror users see.
#define BSD_ERRNO_ALIASES(X) X(EWOULDBLOCK) X(ENOTSUP) X(EDEADLOCK)

#define BSD_ERRNO_CASE(name) \
  case name: return #name;

const char* ErrnoName(int err) {
  switch (err) {
    BSD_ERRNO_LIST(BSD_ERRNO_CASE)
    default: return nullptr;
  }
}

#define BSD_GAI_LIST(X) \
  X(EAI_AGAIN)          \
  X(EAI_BADFLAGS)       \
  X(EAI_FAIL)           \
  X(EAI_FAMILY)         \
  X(EAI_MEMORY)         \
  X(EAI_NONAME)         \
  X(EAI_SERVICE)        \
  X(EAI_SOCKTYPE)       \
  X(EAI_SYSTEM)         \
  X(EAI_OVERFLOW)       \
  BSD_GAI_GNU_LIST(X)

#if defined(EAI_NODATA) && defined(EAI_ADDRFAMILY)
#define BSD_GAI_GNU_LIST(X) X(EAI_NODATA) X(EAI_ADDRFAMILY)
#else
#define BSD_GAI_GNU_LIST(X)
#endif

const char* GaiErrorName(int code) {
  switch (code) {
    BSD_GAI_LIST(BSD_ERRNO_CASE)
    default: return nullptr;
  }
}

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object constants = Napi::Object::New(env);
  SetHeaderConstants(env, constants);

  Napi::Object errno_names = Napi::Object::New(env);
  {
    Napi::Object& target = constants;
#define BSD_ERRNO_EXPORT(name)                     \
  target.Set(#name, Napi::Number::New(env, name)); \
  errno_names.Set(Napi::Number::New(env, name), Napi::String::New(env, #name));
    BSD_ERRNO_LIST(BSD_ERRNO_EXPORT)
#undef BSD_ERRNO_EXPORT
    BSD_ERRNO_ALIASES(BSD_SET)
  }

  // The sizes the binding computes addrlen from, for code that passes an explicit length.
  Napi::Object sizes = Napi::Object::New(env);
  sizes.Set("sockaddr", Napi::Number::New(env, sizeof(struct sockaddr)));
  sizes.Set("sockaddr_in", Napi::Number::New(env, sizeof(struct sockaddr_in)));
  sizes.Set("sockaddr_in6", Napi::Number::New(env, sizeof(struct sockaddr_in6)));
  sizes.Set("sockaddr_un", Napi::Number::New(env, sizeof(struct sockaddr_un)));
  sizes.Set("sockaddr_storage", Napi::Number::New(env, sizeof(struct sockaddr_storage)));
  sizes.Set("in_addr", Napi::Number::New(env, sizeof(struct in_addr)));
  sizes.Set("in6_addr", Napi::Number::New(env, sizeof(struct in6_addr)));
  sizes.Set("int", Napi::Number::New(env, sizeof(int)));
  sizes.Set("timeval", Napi::Number::New(env, sizeof(struct timeval)));
  sizes.Set("linger", Napi::Number::New(env, sizeof(struct linger)));

  exports.Set("constants", constants);
  exports.Set("errno_names", errno_names);
  exports.Set("sizeof", sizes);
}

}  // namespace bsd
