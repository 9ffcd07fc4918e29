// The memory the module's own rules load into: operator new and delete of the module, replaced.
//
// Loading the module's rules makes some 29,000 allocations (4.1 MB when the rule texts were copied,
// 3.7 MB since), none freed before the engine is. Carved one after the other from one block, they
// leave malloc and free idle during the load, too idle for V8 to recompile them with its optimizing
// compiler on other threads (6 KB of code, 6 to 9 ms of a core each, time the load lost on 2
// cores). Measured against the same module with malloc: the other threads' compilation during the
// load went from 20–47 to 9–23 ms of a core; the rules loaded in 37–40 ms instead of 45–47 pinned
// to one core; the median cold start of 25 alternated processes on two cores went from 40.8 to 39.5
// ms. The carving itself saves little (13.5 instead of 14.2 ms with V8's first tier only): touching
// 4 MB of fresh pages takes 2 ms either way.
//
// Everything else allocates as before (malloc, free); operator delete ignores what lies in the
// block. The module's code is single-threaded.
#include "load_arena.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

char* g_begin = nullptr;  // the block, once there is one
char* g_end = nullptr;    // its end (or where carving stopped, once the arena is gone)
char* g_next = nullptr;   // where the next allocation starts, while an arena lives

// `n` bytes aligned to `align` (a power of two, at least 16: max_align_t), from the block while an
// arena lives and it has room, else from malloc.
void* allocate(std::size_t n, std::size_t align) {
  if (g_next != nullptr) {
    auto at = reinterpret_cast<std::uintptr_t>(g_next);
    at = (at + align - 1) & ~static_cast<std::uintptr_t>(align - 1);
    const std::size_t size = (n + 15) & ~std::size_t{15};
    if (at <= reinterpret_cast<std::uintptr_t>(g_end) &&
        size <= reinterpret_cast<std::uintptr_t>(g_end) - at) {
      g_next = reinterpret_cast<char*>(at + size);
      return reinterpret_cast<void*>(at);
    }
  }
  void* p = align <= 16 ? std::malloc(n == 0 ? 1 : n)
                        : std::aligned_alloc(align, (n + align - 1) & ~(align - 1));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void release(void* p) noexcept {
  if (p >= static_cast<void*>(g_begin) && p < static_cast<void*>(g_end)) return;  // in the block
  std::free(p);
}

}  // namespace

namespace mesaides {

LoadArena::LoadArena(size_t bytes) {
  if (g_begin != nullptr || bytes == 0) return;  // the module's first load only
  g_begin = static_cast<char*>(std::malloc(bytes));
  if (g_begin == nullptr) return;  // then malloc, as without an arena
  g_next = g_begin;
  g_end = g_begin + bytes;
}

LoadArena::~LoadArena() {
  if (g_next == nullptr) return;
  g_end = g_next;  // what follows was never carved: operator delete frees nothing of it
  g_next = nullptr;
}

}  // namespace mesaides

void* operator new(std::size_t n) { return allocate(n, 16); }
void* operator new[](std::size_t n) { return allocate(n, 16); }
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a) < 16 ? 16 : static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a) < 16 ? 16 : static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
