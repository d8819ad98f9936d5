// The records native packs a C list into, for TypeScript to decode (src/struct/addrinfo.ts,
// src/struct/hostent.ts). A list of pointers cannot cross into JS: getaddrinfo(3)'s list
// and gethostbyname(3)'s hostent are copied, record after record, into bytes, and the C
// memory is let go (freeaddrinfo, or the static hostent left to the C library) before the
// call returns.
//
// The bytes go into memory of the thread, reused (no allocation on the common path): the
// Uint8Array the TS caller passes for a hostent, Scratch::gai_list for getaddrinfo's list.
// When the list does not fit there, and only then, native packs it into one new
// ArrayBuffer of exactly its size and returns that buffer in place of C's success value;
// the format is the same.
#pragma once

#include <netdb.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "boundary.h"

namespace bsd {

// One struct addrinfo. The list starts at byte 0; each record is this struct, then
// ai_canonname (canonname_length bytes, its NUL included; 0 when it is NULL), then padding
// to alignof(PackedAddrinfo). ai_next is the byte offset of the next record, 0 for NULL
// (no record is at 0 but the first). ai_addr holds the first min(ai_addrlen,
// sizeof(struct sockaddr_storage)) bytes of *ai_addr, the rest zeros.
struct PackedAddrinfo {
  int32_t ai_flags;
  int32_t ai_family;
  int32_t ai_socktype;
  int32_t ai_protocol;
  uint32_t ai_addrlen;
  uint32_t canonname_length;
  uint32_t ai_next;
  struct sockaddr_storage ai_addr;
};

// One struct hostent: this header, then h_name (h_name_length bytes, NUL included; 0 when
// it is NULL), then the h_aliases_count aliases (each NUL-terminated), then the
// h_addr_list_count addresses (h_length bytes each, network byte order).
struct PackedHostent {
  int32_t h_addrtype;
  int32_t h_length;
  uint32_t h_name_length;
  uint32_t h_aliases_count;
  uint32_t h_addr_list_count;
};

// Writes a packed list of `size` bytes with `write(uint8_t *at)`: into `out` when it fits,
// and returns `fitted` (C's own success value); else into one new ArrayBuffer, returned.
template <typename Write>
napi_value Deliver(napi_env env, const View& out, size_t size, double fitted, Write&& write) {
  if (size <= out.length) {
    write(out.data);
    return Return(env, fitted);
  }
  void* data = nullptr;
  napi_value buffer = nullptr;
  if (napi_create_arraybuffer(env, size, &data, &buffer) != napi_ok) return nullptr;
  write(static_cast<uint8_t*>(data));
  return buffer;
}

}  // namespace bsd
