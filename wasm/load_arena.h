// The memory the module's own rules load into (load_arena.cpp).
#pragma once

#include <cstddef>

namespace mesaides {

// While a LoadArena lives, operator new carves memory from one block instead of calling malloc,
// `bytes` at most (then malloc again). Only the first one of the module has a block; the block and
// what was carved from it are never freed (operator delete ignores them).
class LoadArena {
 public:
  explicit LoadArena(size_t bytes);
  ~LoadArena();
  LoadArena(const LoadArena&) = delete;
  LoadArena& operator=(const LoadArena&) = delete;
};

}  // namespace mesaides
