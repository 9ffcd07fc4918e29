// One sort for the module: indices ordered by a comparison, stable, O(n log n) whatever the input.
// std::sort is a template of some 4 to 7 KB of WebAssembly for each element type and comparison it
// is instantiated with (introsort, heap sort, insertion sorts, sort3/4/5); the engine sorts only
// small arrays of indices off its hot paths (an object's members read out of key order, an
// answer's computed values in key order), for which one merge sort that calls its comparison is
// enough.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mesaides {

using IndexLess = bool (*)(const void* context, uint32_t a, uint32_t b);

// Sorts the `count` items at `first` so that less(context, a, b) never holds for an a after a b;
// equal items keep their order.
void sort_indices(uint32_t* first, size_t count, IndexLess less, const void* context);

// The same with any callable `less(a, b)`.
template <typename Less>
void sort_indices(uint32_t* first, size_t count, const Less& less) {
  sort_indices(
      first, count,
      [](const void* context, uint32_t a, uint32_t b) {
        return (*static_cast<const Less*>(context))(a, b);
      },
      &less);
}

}  // namespace mesaides
