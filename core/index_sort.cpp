#include "index_sort.h"

#include <cstring>

namespace mesaides {

void sort_indices(uint32_t* first, size_t count, IndexLess less, const void* context) {
  const size_t n = count;
  // Runs of 8 by insertion, then runs merged pairwise into a buffer and back.
  constexpr size_t kRun = 8;
  for (size_t start = 0; start < n; start += kRun) {
    const size_t end = start + kRun < n ? start + kRun : n;
    for (size_t i = start + 1; i < end; ++i) {
      const uint32_t item = first[i];
      size_t j = i;
      for (; j > start && less(context, item, first[j - 1]); --j) first[j] = first[j - 1];
      first[j] = item;
    }
  }
  if (n <= kRun) return;
  std::vector<uint32_t> buffer(n);
  uint32_t* from = first;
  uint32_t* to = buffer.data();
  for (size_t width = kRun; width < n; width *= 2) {
    for (size_t start = 0; start < n; start += 2 * width) {
      const size_t middle = start + width < n ? start + width : n;
      const size_t end = start + 2 * width < n ? start + 2 * width : n;
      size_t a = start, b = middle, out = start;
      while (a < middle && b < end)
        to[out++] = less(context, from[b], from[a]) ? from[b++] : from[a++];
      while (a < middle) to[out++] = from[a++];
      while (b < end) to[out++] = from[b++];
    }
    uint32_t* swap = from;
    from = to;
    to = swap;
  }
  if (from != first) std::memcpy(first, from, n * sizeof(uint32_t));
}

}  // namespace mesaides
