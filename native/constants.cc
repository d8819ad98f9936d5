// The constant → name tables of the addon, in one file.
//
// Every value is read from the system headers by the compiler when the addon is built:
// nothing here is a typed-in number. A name this C library does not define is simply
// absent from the exported object (the #ifdef around each entry).
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "addon.h"
#include "errors.h"

namespace bsd {

#define BSD_SET(name) target.Set(#name, Napi::Number::New(env, static_cast<double>(name)));

static void SetSocketConstants(Napi::Env env, Napi::Object target) {
#ifdef AF_UNSPEC
  BSD_SET(AF_UNSPEC)
#endif
#ifdef AF_UNIX
  BSD_SET(AF_UNIX)
#endif
#ifdef AF_LOCAL
  BSD_SET(AF_LOCAL)
#endif
#ifdef AF_INET
  BSD_SET(AF_INET)
#endif
#ifdef AF_INET6
  BSD_SET(AF_INET6)
#endif
#ifdef AF_NETLINK
  BSD_SET(AF_NETLINK)
#endif
#ifdef AF_PACKET
  BSD_SET(AF_PACKET)
#endif
#ifdef PF_UNSPEC
  BSD_SET(PF_UNSPEC)
#endif
#ifdef PF_UNIX
  BSD_SET(PF_UNIX)
#endif
#ifdef PF_LOCAL
  BSD_SET(PF_LOCAL)
#endif
#ifdef PF_INET
  BSD_SET(PF_INET)
#endif
#ifdef PF_INET6
  BSD_SET(PF_INET6)
#endif
#ifdef SOCK_STREAM
  BSD_SET(SOCK_STREAM)
#endif
#ifdef SOCK_DGRAM
  BSD_SET(SOCK_DGRAM)
#endif
#ifdef SOCK_RAW
  BSD_SET(SOCK_RAW)
#endif
#ifdef SOCK_SEQPACKET
  BSD_SET(SOCK_SEQPACKET)
#endif
#ifdef SOCK_RDM
  BSD_SET(SOCK_RDM)
#endif
#ifdef SOCK_NONBLOCK
  BSD_SET(SOCK_NONBLOCK)
#endif
#ifdef SOCK_CLOEXEC
  BSD_SET(SOCK_CLOEXEC)
#endif
#ifdef IPPROTO_IP
  BSD_SET(IPPROTO_IP)
#endif
#ifdef IPPROTO_IPV6
  BSD_SET(IPPROTO_IPV6)
#endif
#ifdef IPPROTO_ICMP
  BSD_SET(IPPROTO_ICMP)
#endif
#ifdef IPPROTO_ICMPV6
  BSD_SET(IPPROTO_ICMPV6)
#endif
#ifdef IPPROTO_TCP
  BSD_SET(IPPROTO_TCP)
#endif
#ifdef IPPROTO_UDP
  BSD_SET(IPPROTO_UDP)
#endif
#ifdef IPPROTO_RAW
  BSD_SET(IPPROTO_RAW)
#endif
#ifdef INADDR_ANY
  BSD_SET(INADDR_ANY)
#endif
#ifdef INADDR_LOOPBACK
  BSD_SET(INADDR_LOOPBACK)
#endif
#ifdef INADDR_BROADCAST
  BSD_SET(INADDR_BROADCAST)
#endif
#ifdef INADDR_NONE
  BSD_SET(INADDR_NONE)
#endif
#ifdef INADDR_ALLHOSTS_GROUP
  BSD_SET(INADDR_ALLHOSTS_GROUP)
#endif
#ifdef INET_ADDRSTRLEN
  BSD_SET(INET_ADDRSTRLEN)
#endif
#ifdef INET6_ADDRSTRLEN
  BSD_SET(INET6_ADDRSTRLEN)
#endif
#ifdef SOMAXCONN
  BSD_SET(SOMAXCONN)
#endif
#ifdef SOL_SOCKET
  BSD_SET(SOL_SOCKET)
#endif
#ifdef SO_DEBUG
  BSD_SET(SO_DEBUG)
#endif
#ifdef SO_REUSEADDR
  BSD_SET(SO_REUSEADDR)
#endif
#ifdef SO_REUSEPORT
  BSD_SET(SO_REUSEPORT)
#endif
#ifdef SO_TYPE
  BSD_SET(SO_TYPE)
#endif
#ifdef SO_ERROR
  BSD_SET(SO_ERROR)
#endif
#ifdef SO_DONTROUTE
  BSD_SET(SO_DONTROUTE)
#endif
#ifdef SO_BROADCAST
  BSD_SET(SO_BROADCAST)
#endif
#ifdef SO_SNDBUF
  BSD_SET(SO_SNDBUF)
#endif
#ifdef SO_RCVBUF
  BSD_SET(SO_RCVBUF)
#endif
#ifdef SO_SNDBUFFORCE
  BSD_SET(SO_SNDBUFFORCE)
#endif
#ifdef SO_RCVBUFFORCE
  BSD_SET(SO_RCVBUFFORCE)
#endif
#ifdef SO_KEEPALIVE
  BSD_SET(SO_KEEPALIVE)
#endif
#ifdef SO_OOBINLINE
  BSD_SET(SO_OOBINLINE)
#endif
#ifdef SO_LINGER
  BSD_SET(SO_LINGER)
#endif
#ifdef SO_RCVLOWAT
  BSD_SET(SO_RCVLOWAT)
#endif
#ifdef SO_SNDLOWAT
  BSD_SET(SO_SNDLOWAT)
#endif
#ifdef SO_RCVTIMEO
  BSD_SET(SO_RCVTIMEO)
#endif
#ifdef SO_SNDTIMEO
  BSD_SET(SO_SNDTIMEO)
#endif
#ifdef SO_ACCEPTCONN
  BSD_SET(SO_ACCEPTCONN)
#endif
#ifdef SO_PROTOCOL
  BSD_SET(SO_PROTOCOL)
#endif
#ifdef SO_DOMAIN
  BSD_SET(SO_DOMAIN)
#endif
#ifdef SO_PEERCRED
  BSD_SET(SO_PEERCRED)
#endif
#ifdef SO_PRIORITY
  BSD_SET(SO_PRIORITY)
#endif
#ifdef SO_BINDTODEVICE
  BSD_SET(SO_BINDTODEVICE)
#endif
#ifdef SO_TIMESTAMP
  BSD_SET(SO_TIMESTAMP)
#endif
#ifdef SO_PASSCRED
  BSD_SET(SO_PASSCRED)
#endif
#ifdef IP_TOS
  BSD_SET(IP_TOS)
#endif
#ifdef IP_TTL
  BSD_SET(IP_TTL)
#endif
#ifdef IP_HDRINCL
  BSD_SET(IP_HDRINCL)
#endif
#ifdef IP_OPTIONS
  BSD_SET(IP_OPTIONS)
#endif
#ifdef IP_RECVERR
  BSD_SET(IP_RECVERR)
#endif
#ifdef IP_MULTICAST_IF
  BSD_SET(IP_MULTICAST_IF)
#endif
#ifdef IP_MULTICAST_TTL
  BSD_SET(IP_MULTICAST_TTL)
#endif
#ifdef IP_MULTICAST_LOOP
  BSD_SET(IP_MULTICAST_LOOP)
#endif
#ifdef IP_ADD_MEMBERSHIP
  BSD_SET(IP_ADD_MEMBERSHIP)
#endif
#ifdef IP_DROP_MEMBERSHIP
  BSD_SET(IP_DROP_MEMBERSHIP)
#endif
#ifdef IP_PKTINFO
  BSD_SET(IP_PKTINFO)
#endif
#ifdef IP_MTU_DISCOVER
  BSD_SET(IP_MTU_DISCOVER)
#endif
#ifdef IP_MTU
  BSD_SET(IP_MTU)
#endif
#ifdef IPV6_V6ONLY
  BSD_SET(IPV6_V6ONLY)
#endif
#ifdef IPV6_UNICAST_HOPS
  BSD_SET(IPV6_UNICAST_HOPS)
#endif
#ifdef IPV6_MULTICAST_IF
  BSD_SET(IPV6_MULTICAST_IF)
#endif
#ifdef IPV6_MULTICAST_HOPS
  BSD_SET(IPV6_MULTICAST_HOPS)
#endif
#ifdef IPV6_MULTICAST_LOOP
  BSD_SET(IPV6_MULTICAST_LOOP)
#endif
#ifdef IPV6_JOIN_GROUP
  BSD_SET(IPV6_JOIN_GROUP)
#endif
#ifdef IPV6_LEAVE_GROUP
  BSD_SET(IPV6_LEAVE_GROUP)
#endif
#ifdef IPV6_RECVPKTINFO
  BSD_SET(IPV6_RECVPKTINFO)
#endif
#ifdef IPV6_TCLASS
  BSD_SET(IPV6_TCLASS)
#endif
#ifdef TCP_NODELAY
  BSD_SET(TCP_NODELAY)
#endif
#ifdef TCP_MAXSEG
  BSD_SET(TCP_MAXSEG)
#endif
#ifdef TCP_CORK
  BSD_SET(TCP_CORK)
#endif
#ifdef TCP_KEEPIDLE
  BSD_SET(TCP_KEEPIDLE)
#endif
#ifdef TCP_KEEPINTVL
  BSD_SET(TCP_KEEPINTVL)
#endif
#ifdef TCP_KEEPCNT
  BSD_SET(TCP_KEEPCNT)
#endif
#ifdef TCP_INFO
  BSD_SET(TCP_INFO)
#endif
#ifdef TCP_QUICKACK
  BSD_SET(TCP_QUICKACK)
#endif
#ifdef TCP_DEFER_ACCEPT
  BSD_SET(TCP_DEFER_ACCEPT)
#endif
#ifdef TCP_USER_TIMEOUT
  BSD_SET(TCP_USER_TIMEOUT)
#endif
#ifdef TCP_CONGESTION
  BSD_SET(TCP_CONGESTION)
#endif
#ifdef TCP_FASTOPEN
  BSD_SET(TCP_FASTOPEN)
#endif
#ifdef MSG_OOB
  BSD_SET(MSG_OOB)
#endif
#ifdef MSG_PEEK
  BSD_SET(MSG_PEEK)
#endif
#ifdef MSG_DONTROUTE
  BSD_SET(MSG_DONTROUTE)
#endif
#ifdef MSG_CTRUNC
  BSD_SET(MSG_CTRUNC)
#endif
#ifdef MSG_TRUNC
  BSD_SET(MSG_TRUNC)
#endif
#ifdef MSG_DONTWAIT
  BSD_SET(MSG_DONTWAIT)
#endif
#ifdef MSG_EOR
  BSD_SET(MSG_EOR)
#endif
#ifdef MSG_WAITALL
  BSD_SET(MSG_WAITALL)
#endif
#ifdef MSG_NOSIGNAL
  BSD_SET(MSG_NOSIGNAL)
#endif
#ifdef MSG_MORE
  BSD_SET(MSG_MORE)
#endif
#ifdef MSG_CONFIRM
  BSD_SET(MSG_CONFIRM)
#endif
#ifdef MSG_ERRQUEUE
  BSD_SET(MSG_ERRQUEUE)
#endif
#ifdef MSG_CMSG_CLOEXEC
  BSD_SET(MSG_CMSG_CLOEXEC)
#endif
#ifdef SHUT_RD
  BSD_SET(SHUT_RD)
#endif
#ifdef SHUT_WR
  BSD_SET(SHUT_WR)
#endif
#ifdef SHUT_RDWR
  BSD_SET(SHUT_RDWR)
#endif
#ifdef AI_PASSIVE
  BSD_SET(AI_PASSIVE)
#endif
#ifdef AI_CANONNAME
  BSD_SET(AI_CANONNAME)
#endif
#ifdef AI_NUMERICHOST
  BSD_SET(AI_NUMERICHOST)
#endif
#ifdef AI_NUMERICSERV
  BSD_SET(AI_NUMERICSERV)
#endif
#ifdef AI_V4MAPPED
  BSD_SET(AI_V4MAPPED)
#endif
#ifdef AI_ALL
  BSD_SET(AI_ALL)
#endif
#ifdef AI_ADDRCONFIG
  BSD_SET(AI_ADDRCONFIG)
#endif
#ifdef NI_NUMERICHOST
  BSD_SET(NI_NUMERICHOST)
#endif
#ifdef NI_NUMERICSERV
  BSD_SET(NI_NUMERICSERV)
#endif
#ifdef NI_NOFQDN
  BSD_SET(NI_NOFQDN)
#endif
#ifdef NI_NAMEREQD
  BSD_SET(NI_NAMEREQD)
#endif
#ifdef NI_DGRAM
  BSD_SET(NI_DGRAM)
#endif
#ifdef NI_MAXHOST
  BSD_SET(NI_MAXHOST)
#endif
#ifdef NI_MAXSERV
  BSD_SET(NI_MAXSERV)
#endif
#ifdef EAI_AGAIN
  BSD_SET(EAI_AGAIN)
#endif
#ifdef EAI_BADFLAGS
  BSD_SET(EAI_BADFLAGS)
#endif
#ifdef EAI_FAIL
  BSD_SET(EAI_FAIL)
#endif
#ifdef EAI_FAMILY
  BSD_SET(EAI_FAMILY)
#endif
#ifdef EAI_MEMORY
  BSD_SET(EAI_MEMORY)
#endif
#ifdef EAI_NONAME
  BSD_SET(EAI_NONAME)
#endif
#ifdef EAI_SERVICE
  BSD_SET(EAI_SERVICE)
#endif
#ifdef EAI_SOCKTYPE
  BSD_SET(EAI_SOCKTYPE)
#endif
#ifdef EAI_SYSTEM
  BSD_SET(EAI_SYSTEM)
#endif
#ifdef EAI_OVERFLOW
  BSD_SET(EAI_OVERFLOW)
#endif
#ifdef EAI_NODATA
  BSD_SET(EAI_NODATA)
#endif
#ifdef EAI_ADDRFAMILY
  BSD_SET(EAI_ADDRFAMILY)
#endif
#ifdef HOST_NOT_FOUND
  BSD_SET(HOST_NOT_FOUND)
#endif
#ifdef TRY_AGAIN
  BSD_SET(TRY_AGAIN)
#endif
#ifdef NO_RECOVERY
  BSD_SET(NO_RECOVERY)
#endif
#ifdef NO_DATA
  BSD_SET(NO_DATA)
#endif
#ifdef NO_ADDRESS
  BSD_SET(NO_ADDRESS)
#endif
#ifdef NETDB_INTERNAL
  BSD_SET(NETDB_INTERNAL)
#endif
#ifdef NETDB_SUCCESS
  BSD_SET(NETDB_SUCCESS)
#endif
#ifdef POLLIN
  BSD_SET(POLLIN)
#endif
#ifdef POLLPRI
  BSD_SET(POLLPRI)
#endif
#ifdef POLLOUT
  BSD_SET(POLLOUT)
#endif
#ifdef POLLERR
  BSD_SET(POLLERR)
#endif
#ifdef POLLHUP
  BSD_SET(POLLHUP)
#endif
#ifdef POLLNVAL
  BSD_SET(POLLNVAL)
#endif
#ifdef POLLRDNORM
  BSD_SET(POLLRDNORM)
#endif
#ifdef POLLRDBAND
  BSD_SET(POLLRDBAND)
#endif
#ifdef POLLWRNORM
  BSD_SET(POLLWRNORM)
#endif
#ifdef POLLWRBAND
  BSD_SET(POLLWRBAND)
#endif
#ifdef POLLRDHUP
  BSD_SET(POLLRDHUP)
#endif
#ifdef F_GETFL
  BSD_SET(F_GETFL)
#endif
#ifdef F_SETFL
  BSD_SET(F_SETFL)
#endif
#ifdef F_GETFD
  BSD_SET(F_GETFD)
#endif
#ifdef F_SETFD
  BSD_SET(F_SETFD)
#endif
#ifdef FD_CLOEXEC
  BSD_SET(FD_CLOEXEC)
#endif
#ifdef O_NONBLOCK
  BSD_SET(O_NONBLOCK)
#endif
#ifdef O_RDONLY
  BSD_SET(O_RDONLY)
#endif
#ifdef O_WRONLY
  BSD_SET(O_WRONLY)
#endif
#ifdef O_RDWR
  BSD_SET(O_RDWR)
#endif
#ifdef FD_SETSIZE
  BSD_SET(FD_SETSIZE)
#endif
}

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

// Link level, netlink and sock_diag (packet(7), netlink(7), sock_diag(7)): what the
// course tools capture and sockstat need (course/tools/).
static void SetLinkConstants(Napi::Env env, Napi::Object target) {
#ifdef ETH_P_ALL
  BSD_SET(ETH_P_ALL)
#endif
#ifdef ETH_P_IP
  BSD_SET(ETH_P_IP)
#endif
#ifdef ETH_P_IPV6
  BSD_SET(ETH_P_IPV6)
#endif
#ifdef ETH_P_ARP
  BSD_SET(ETH_P_ARP)
#endif
#ifdef ETH_P_LOOP
  BSD_SET(ETH_P_LOOP)
#endif
#ifdef ETH_ALEN
  BSD_SET(ETH_ALEN)
#endif
#ifdef ETH_HLEN
  BSD_SET(ETH_HLEN)
#endif
#ifdef SOL_PACKET
  BSD_SET(SOL_PACKET)
#endif
#ifdef PACKET_ADD_MEMBERSHIP
  BSD_SET(PACKET_ADD_MEMBERSHIP)
#endif
#ifdef PACKET_DROP_MEMBERSHIP
  BSD_SET(PACKET_DROP_MEMBERSHIP)
#endif
#ifdef PACKET_AUXDATA
  BSD_SET(PACKET_AUXDATA)
#endif
#ifdef PACKET_STATISTICS
  BSD_SET(PACKET_STATISTICS)
#endif
#ifdef PACKET_MR_PROMISC
  BSD_SET(PACKET_MR_PROMISC)
#endif
#ifdef PACKET_HOST
  BSD_SET(PACKET_HOST)
#endif
#ifdef PACKET_BROADCAST
  BSD_SET(PACKET_BROADCAST)
#endif
#ifdef PACKET_MULTICAST
  BSD_SET(PACKET_MULTICAST)
#endif
#ifdef PACKET_OTHERHOST
  BSD_SET(PACKET_OTHERHOST)
#endif
#ifdef PACKET_OUTGOING
  BSD_SET(PACKET_OUTGOING)
#endif
#ifdef TP_STATUS_CSUMNOTREADY
  BSD_SET(TP_STATUS_CSUMNOTREADY)
#endif
#ifdef TP_STATUS_CSUM_VALID
  BSD_SET(TP_STATUS_CSUM_VALID)
#endif
#ifdef TP_STATUS_VLAN_VALID
  BSD_SET(TP_STATUS_VLAN_VALID)
#endif
#ifdef ARPHRD_ETHER
  BSD_SET(ARPHRD_ETHER)
#endif
#ifdef ARPHRD_LOOPBACK
  BSD_SET(ARPHRD_LOOPBACK)
#endif
#ifdef IF_NAMESIZE
  BSD_SET(IF_NAMESIZE)
#endif
#ifdef IFNAMSIZ
  BSD_SET(IFNAMSIZ)
#endif
#ifdef SOL_NETLINK
  BSD_SET(SOL_NETLINK)
#endif
#ifdef NETLINK_ROUTE
  BSD_SET(NETLINK_ROUTE)
#endif
#ifdef NETLINK_SOCK_DIAG
  BSD_SET(NETLINK_SOCK_DIAG)
#endif
#ifdef NETLINK_INET_DIAG
  BSD_SET(NETLINK_INET_DIAG)
#endif
#ifdef NETLINK_KOBJECT_UEVENT
  BSD_SET(NETLINK_KOBJECT_UEVENT)
#endif
#ifdef NLM_F_REQUEST
  BSD_SET(NLM_F_REQUEST)
#endif
#ifdef NLM_F_MULTI
  BSD_SET(NLM_F_MULTI)
#endif
#ifdef NLM_F_ACK
  BSD_SET(NLM_F_ACK)
#endif
#ifdef NLM_F_ROOT
  BSD_SET(NLM_F_ROOT)
#endif
#ifdef NLM_F_MATCH
  BSD_SET(NLM_F_MATCH)
#endif
#ifdef NLM_F_DUMP
  BSD_SET(NLM_F_DUMP)
#endif
#ifdef NLMSG_NOOP
  BSD_SET(NLMSG_NOOP)
#endif
#ifdef NLMSG_ERROR
  BSD_SET(NLMSG_ERROR)
#endif
#ifdef NLMSG_DONE
  BSD_SET(NLMSG_DONE)
#endif
#ifdef NLMSG_OVERRUN
  BSD_SET(NLMSG_OVERRUN)
#endif
#ifdef NLMSG_ALIGNTO
  BSD_SET(NLMSG_ALIGNTO)
#endif
#ifdef SOCK_DIAG_BY_FAMILY
  BSD_SET(SOCK_DIAG_BY_FAMILY)
#endif
#ifdef SOCK_DESTROY
  BSD_SET(SOCK_DESTROY)
#endif
#ifdef INET_DIAG_NOCOOKIE
  BSD_SET(INET_DIAG_NOCOOKIE)
#endif
#ifdef SCM_RIGHTS
  BSD_SET(SCM_RIGHTS)
#endif
#ifdef SCM_CREDENTIALS
  BSD_SET(SCM_CREDENTIALS)
#endif
#ifdef SCM_TIMESTAMP
  BSD_SET(SCM_TIMESTAMP)
#endif
#ifdef SO_PASSCRED
  BSD_SET(SO_PASSCRED)
#endif
  // The TCP states of <netinet/tcp.h> are an enum, not macros: always defined.
  BSD_SET(TCP_ESTABLISHED)
  BSD_SET(TCP_SYN_SENT)
  BSD_SET(TCP_SYN_RECV)
  BSD_SET(TCP_FIN_WAIT1)
  BSD_SET(TCP_FIN_WAIT2)
  BSD_SET(TCP_TIME_WAIT)
  BSD_SET(TCP_CLOSE)
  BSD_SET(TCP_CLOSE_WAIT)
  BSD_SET(TCP_LAST_ACK)
  BSD_SET(TCP_LISTEN)
  BSD_SET(TCP_CLOSING)
}

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object constants = Napi::Object::New(env);
  SetSocketConstants(env, constants);
  SetLinkConstants(env, constants);

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
