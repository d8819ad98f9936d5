// The records native packs a C list into, for TypeScript to decode (src/struct/addrinfo.ts):
// a list of pointers cannot cross into JS, so getaddrinfo(3)'s list is copied, node after
// node, into one ArrayBuffer, and freed before the call returns.
#pragma once

#include <stdint.h>
#include <sys/socket.h>

namespace bsd {

// One struct addrinfo: the scalar fields, then the address. ai_canonname follows the
// record (canonname_length bytes, its NUL included; 0 when it is NULL), then padding to
// the record's alignment; the next record starts there. ai_next is the next record.
struct PackedAddrinfo {
  int32_t ai_flags;
  int32_t ai_family;
  int32_t ai_socktype;
  int32_t ai_protocol;
  uint32_t ai_addrlen;
  uint32_t canonname_length;
  struct sockaddr_storage ai_addr;
};

}  // namespace bsd
