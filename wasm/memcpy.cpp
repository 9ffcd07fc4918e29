// memcpy for the module, replacing Emscripten's (a weak symbol in its libc: this strong one wins).
//
// Emscripten 3.1.6's memcpy copies word by word only when the source and the destination share
// their alignment modulo 4, and otherwise byte by byte. Most of the module's copies are appends to
// the answer's text (std::string::append: a few to a hundred bytes each, at any offset), so three
// times in four they went byte by byte: memcpy was 5 to 6 % of an « every benefit » answer in V8.
// WebAssembly's loads and stores need no alignment, so this one copies 8 bytes at a time whatever
// the offsets, the last 8 (or 4) bytes as one possibly overlapping move, and hands copies of 512
// bytes and more to the JavaScript copy (HEAPU8.copyWithin), as Emscripten's did.
//
// Built with -fno-builtin (CMakeLists.txt), so that the compiler never turns its loop into a call
// to memcpy itself.
#include <cstddef>
#include <cstdint>

namespace {

using Unaligned64 = uint64_t __attribute__((aligned(1), may_alias));
using Unaligned32 = uint32_t __attribute__((aligned(1), may_alias));

}  // namespace

extern "C" {

// Emscripten's JavaScript library function for big copies (HEAPU8.copyWithin).
void* emscripten_memcpy_big(void* dest, const void* src, size_t n);

void* memcpy(void* __restrict dest, const void* __restrict src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  const auto* s = static_cast<const unsigned char*>(src);
  if (n >= 8) {
    if (n >= 512) {
      emscripten_memcpy_big(dest, src, n);
      return dest;
    }
    // Every whole 8 bytes but the last ones, then the last 8 (the source and the destination do
    // not overlap: rewriting a byte writes the same value).
    const unsigned char* last = s + n - 8;
    while (s < last) {
      *reinterpret_cast<Unaligned64*>(d) = *reinterpret_cast<const Unaligned64*>(s);
      d += 8;
      s += 8;
    }
    *reinterpret_cast<Unaligned64*>(static_cast<unsigned char*>(dest) + n - 8) =
        *reinterpret_cast<const Unaligned64*>(last);
    return dest;
  }
  if (n >= 4) {
    *reinterpret_cast<Unaligned32*>(d) = *reinterpret_cast<const Unaligned32*>(s);
    *reinterpret_cast<Unaligned32*>(d + n - 4) = *reinterpret_cast<const Unaligned32*>(s + n - 4);
    return dest;
  }
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dest;
}

}  // extern "C"
