// The layout table: how each C struct of the API lies in memory, as the C compiler sees
// it when the addon is built. For every struct, its size and, for every field, its offset
// and size, all from sizeof and offsetof: not one number is typed in.
//
//   layout.sockaddr_in = { size: 16, sin_family: [0, 2], sin_port: [2, 2], … }
//
// scripts/generate-layout.cjs writes src/layout.ts from the names listed here; the codecs
// of src/struct/ read and write the structs at these offsets, and test/layout.test.ts
// checks the table against a C program compiled with the same headers.
#include <linux/if_packet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "addon.h"
#include "boundary.h"
#include "packed.h"

namespace bsd {

static void SetField(Napi::Object target, const char* name, size_t offset, size_t size) {
  Napi::Env env = target.Env();
  Napi::Array field = Napi::Array::New(env, 2);
  field.Set(0u, Napi::Number::New(env, static_cast<double>(offset)));
  field.Set(1u, Napi::Number::New(env, static_cast<double>(size)));
  target.Set(name, field);
}

// The type is given as written in C ("struct sockaddr_in", "fd_set").
#define BSD_STRUCT(name, type)                                                          \
  Napi::Object name##_layout = Napi::Object::New(env);                                  \
  name##_layout.Set("size", Napi::Number::New(env, static_cast<double>(sizeof(type)))); \
  layout.Set(#name, name##_layout);
#define BSD_FIELD(name, type, field)                     \
  SetField(name##_layout, #field, offsetof(type, field), \
           sizeof(static_cast<type*>(nullptr)->field));

void InitLayout(Napi::Env env, Napi::Object exports) {
  Napi::Object layout = Napi::Object::New(env);

  // The memory shared with TypeScript (boundary.h).
  BSD_STRUCT(Scratch, Scratch)
  BSD_FIELD(Scratch, Scratch, errno_value)
  BSD_FIELD(Scratch, Scratch, h_errno_value)
  BSD_FIELD(Scratch, Scratch, addrlen)
  BSD_FIELD(Scratch, Scratch, optlen)
  BSD_FIELD(Scratch, Scratch, addr)
  BSD_FIELD(Scratch, Scratch, sv)
  BSD_FIELD(Scratch, Scratch, gai_args)
  BSD_FIELD(Scratch, Scratch, gai_node)
  BSD_FIELD(Scratch, Scratch, gai_service)
  BSD_FIELD(Scratch, Scratch, gai_list)
  BSD_FIELD(Scratch, Scratch, optval)
  BSD_FIELD(Scratch, Scratch, readfds)
  BSD_FIELD(Scratch, Scratch, writefds)
  BSD_FIELD(Scratch, Scratch, exceptfds)
  BSD_FIELD(Scratch, Scratch, timeout)
  BSD_FIELD(Scratch, Scratch, args)
  BSD_FIELD(Scratch, Scratch, length)
  BSD_FIELD(Scratch, Scratch, result)
  BSD_FIELD(Scratch, Scratch, small_buf)

  // <sys/socket.h>
  BSD_STRUCT(sockaddr, struct sockaddr)
  BSD_FIELD(sockaddr, struct sockaddr, sa_family)
  BSD_FIELD(sockaddr, struct sockaddr, sa_data)
  BSD_STRUCT(sockaddr_storage, struct sockaddr_storage)
  BSD_FIELD(sockaddr_storage, struct sockaddr_storage, ss_family)
  BSD_STRUCT(linger, struct linger)
  BSD_FIELD(linger, struct linger, l_onoff)
  BSD_FIELD(linger, struct linger, l_linger)
  BSD_STRUCT(msghdr, struct msghdr)
  BSD_FIELD(msghdr, struct msghdr, msg_name)
  BSD_FIELD(msghdr, struct msghdr, msg_namelen)
  BSD_FIELD(msghdr, struct msghdr, msg_iov)
  BSD_FIELD(msghdr, struct msghdr, msg_iovlen)
  BSD_FIELD(msghdr, struct msghdr, msg_control)
  BSD_FIELD(msghdr, struct msghdr, msg_controllen)
  BSD_FIELD(msghdr, struct msghdr, msg_flags)
  BSD_STRUCT(cmsghdr, struct cmsghdr)
  BSD_FIELD(cmsghdr, struct cmsghdr, cmsg_len)
  BSD_FIELD(cmsghdr, struct cmsghdr, cmsg_level)
  BSD_FIELD(cmsghdr, struct cmsghdr, cmsg_type)

  // <sys/uio.h>
  BSD_STRUCT(iovec, struct iovec)
  BSD_FIELD(iovec, struct iovec, iov_base)
  BSD_FIELD(iovec, struct iovec, iov_len)

  // <netinet/in.h>
  BSD_STRUCT(in_addr, struct in_addr)
  BSD_FIELD(in_addr, struct in_addr, s_addr)
  BSD_STRUCT(in_pktinfo, struct in_pktinfo)  // IP_PKTINFO's ancillary data (ip(7))
  BSD_FIELD(in_pktinfo, struct in_pktinfo, ipi_ifindex)
  BSD_FIELD(in_pktinfo, struct in_pktinfo, ipi_spec_dst)
  BSD_FIELD(in_pktinfo, struct in_pktinfo, ipi_addr)
  BSD_STRUCT(sockaddr_in, struct sockaddr_in)
  BSD_FIELD(sockaddr_in, struct sockaddr_in, sin_family)
  BSD_FIELD(sockaddr_in, struct sockaddr_in, sin_port)
  BSD_FIELD(sockaddr_in, struct sockaddr_in, sin_addr)
  BSD_FIELD(sockaddr_in, struct sockaddr_in, sin_zero)
  BSD_STRUCT(in6_addr, struct in6_addr)
  BSD_FIELD(in6_addr, struct in6_addr, s6_addr)
  BSD_STRUCT(sockaddr_in6, struct sockaddr_in6)
  BSD_FIELD(sockaddr_in6, struct sockaddr_in6, sin6_family)
  BSD_FIELD(sockaddr_in6, struct sockaddr_in6, sin6_port)
  BSD_FIELD(sockaddr_in6, struct sockaddr_in6, sin6_flowinfo)
  BSD_FIELD(sockaddr_in6, struct sockaddr_in6, sin6_addr)
  BSD_FIELD(sockaddr_in6, struct sockaddr_in6, sin6_scope_id)

  // <sys/un.h>
  BSD_STRUCT(sockaddr_un, struct sockaddr_un)
  BSD_FIELD(sockaddr_un, struct sockaddr_un, sun_family)
  BSD_FIELD(sockaddr_un, struct sockaddr_un, sun_path)

  // <linux/if_packet.h>, <linux/netlink.h>
  BSD_STRUCT(sockaddr_ll, struct sockaddr_ll)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_family)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_protocol)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_ifindex)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_hatype)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_pkttype)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_halen)
  BSD_FIELD(sockaddr_ll, struct sockaddr_ll, sll_addr)
  BSD_STRUCT(sockaddr_nl, struct sockaddr_nl)
  BSD_FIELD(sockaddr_nl, struct sockaddr_nl, nl_family)
  BSD_FIELD(sockaddr_nl, struct sockaddr_nl, nl_pid)
  BSD_FIELD(sockaddr_nl, struct sockaddr_nl, nl_groups)
  BSD_STRUCT(tpacket_auxdata, struct tpacket_auxdata)  // a PACKET_AUXDATA cmsg (packet(7))
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_status)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_len)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_snaplen)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_mac)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_net)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_vlan_tci)
  BSD_FIELD(tpacket_auxdata, struct tpacket_auxdata, tp_vlan_tpid)
  BSD_STRUCT(nlmsghdr, struct nlmsghdr)
  BSD_FIELD(nlmsghdr, struct nlmsghdr, nlmsg_len)
  BSD_FIELD(nlmsghdr, struct nlmsghdr, nlmsg_type)
  BSD_FIELD(nlmsghdr, struct nlmsghdr, nlmsg_flags)
  BSD_FIELD(nlmsghdr, struct nlmsghdr, nlmsg_seq)
  BSD_FIELD(nlmsghdr, struct nlmsghdr, nlmsg_pid)
  BSD_STRUCT(nlmsgerr, struct nlmsgerr)
  BSD_FIELD(nlmsgerr, struct nlmsgerr, error)
  BSD_FIELD(nlmsgerr, struct nlmsgerr, msg)

  // <linux/inet_diag.h>: the NETLINK_SOCK_DIAG request and reply of sock_diag(7)
  BSD_STRUCT(inet_diag_sockid, struct inet_diag_sockid)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_sport)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_dport)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_src)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_dst)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_if)
  BSD_FIELD(inet_diag_sockid, struct inet_diag_sockid, idiag_cookie)
  BSD_STRUCT(inet_diag_req_v2, struct inet_diag_req_v2)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, sdiag_family)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, sdiag_protocol)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, idiag_ext)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, pad)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, idiag_states)
  BSD_FIELD(inet_diag_req_v2, struct inet_diag_req_v2, id)
  BSD_STRUCT(inet_diag_msg, struct inet_diag_msg)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_family)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_state)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_timer)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_retrans)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, id)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_expires)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_rqueue)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_wqueue)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_uid)
  BSD_FIELD(inet_diag_msg, struct inet_diag_msg, idiag_inode)

  // <sys/time.h>
  BSD_STRUCT(timeval, struct timeval)
  BSD_FIELD(timeval, struct timeval, tv_sec)
  BSD_FIELD(timeval, struct timeval, tv_usec)

  // <poll.h>, <sys/select.h>
  BSD_STRUCT(pollfd, struct pollfd)
  BSD_FIELD(pollfd, struct pollfd, fd)
  BSD_FIELD(pollfd, struct pollfd, events)
  BSD_FIELD(pollfd, struct pollfd, revents)
  BSD_STRUCT(fd_set, fd_set)
  BSD_FIELD(fd_set, fd_set, fds_bits)  // with _GNU_SOURCE (g++ defines it)
  BSD_STRUCT(fd_mask, fd_mask)         // one word of fds_bits: NFDBITS = 8 * sizeof(fd_mask)

  // The C types a port takes sizeof of (sizeof.int, sizeof.long…: src/struct/zero.ts).
  BSD_STRUCT(char, char)
  BSD_STRUCT(short, short)
  BSD_STRUCT(int, int)
  BSD_STRUCT(long, long)
  BSD_STRUCT(long_long, long long)
  BSD_STRUCT(float, float)
  BSD_STRUCT(double, double)
  BSD_STRUCT(size_t, size_t)
  BSD_STRUCT(ssize_t, ssize_t)
  BSD_STRUCT(uintptr_t, uintptr_t)
  BSD_STRUCT(socklen_t, socklen_t)
  BSD_STRUCT(sa_family_t, sa_family_t)
  BSD_STRUCT(in_port_t, in_port_t)
  BSD_STRUCT(in_addr_t, in_addr_t)
  BSD_STRUCT(time_t, time_t)
  BSD_STRUCT(suseconds_t, suseconds_t)
  BSD_STRUCT(pid_t, pid_t)
  BSD_STRUCT(uint8_t, uint8_t)
  BSD_STRUCT(uint16_t, uint16_t)
  BSD_STRUCT(uint32_t, uint32_t)
  BSD_STRUCT(uint64_t, uint64_t)
  BSD_STRUCT(nfds_t, nfds_t)
  BSD_STRUCT(addrinfo, struct addrinfo)

  // The records native writes a getaddrinfo(3) list and a hostent into (packed.h).
  BSD_STRUCT(packed_addrinfo, PackedAddrinfo)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_flags)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_family)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_socktype)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_protocol)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_addrlen)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, canonname_length)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_next)
  BSD_FIELD(packed_addrinfo, PackedAddrinfo, ai_addr)
  BSD_STRUCT(packed_hostent, PackedHostent)
  BSD_FIELD(packed_hostent, PackedHostent, h_addrtype)
  BSD_FIELD(packed_hostent, PackedHostent, h_length)
  BSD_FIELD(packed_hostent, PackedHostent, h_name_length)
  BSD_FIELD(packed_hostent, PackedHostent, h_aliases_count)
  BSD_FIELD(packed_hostent, PackedHostent, h_addr_list_count)

  exports.Set("layout", layout);
}

}  // namespace bsd
