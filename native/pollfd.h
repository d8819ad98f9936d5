// struct pollfd arrays, shared by poll(2) and its promise version (promises.cc).
#pragma once

#include <napi.h>
#include <poll.h>

#include <vector>

namespace bsd {

// Reads an array of { fd, events, revents } objects into struct pollfd entries (revents
// zeroed, as the kernel ignores it on input). fd is any int (a negative fd is skipped by
// the kernel, as in C), events a short.
std::vector<struct pollfd> PollfdsFromJs(Napi::Value fds, const char* fn);

// Writes each entry's revents back into the caller's objects, as the kernel writes them
// into the C array.
void WriteRevents(Napi::Value fds, const std::vector<struct pollfd>& entries);

}  // namespace bsd
