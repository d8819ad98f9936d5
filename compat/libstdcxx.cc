// The one libstdc++ function newer than GCC 8 that the addon calls, defined here so that the
// prebuilt binary needs no libstdc++ newer than GLIBCXX_3.4.21 (GCC 5), whatever GCC builds
// it. GCC >= 11 emits calls to std::__throw_bad_array_new_length() (GLIBCXX_3.4.29) from
// std::allocator<T>::allocate; this definition, hidden inside the addon, is found by the
// linker before libstdc++.so's, so the binary loads with the libstdc++ of glibc 2.28 systems
// (GCC 8: GLIBCXX_3.4.25). scripts/check-symbols.cjs checks the versions the binary needs.
#include <new>

namespace std {
[[noreturn]] __attribute__((visibility("hidden"))) void __throw_bad_array_new_length() {
  throw std::bad_array_new_length();
}
}  // namespace std
