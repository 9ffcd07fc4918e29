// sort_indices (core/index_sort.h): the order std::stable_sort gives, on random and adversarial
// inputs of every size around its runs of 8 and their merges.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "index_sort.h"

TEST_SUITE("index_sort") {
  TEST_CASE("sort_indices: std::stable_sort's order, equal items in their order") {
    std::mt19937 random(20261207);
    int checked = 0;
    for (size_t n : {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257, 1000, 4099}) {
      for (int pattern = 0; pattern < 5; ++pattern) {
        // Keys with many repeats (stability shows), sorted, reversed, all equal, random.
        std::vector<int> keys(n);
        for (size_t i = 0; i < n; ++i) {
          switch (pattern) {
            case 0:
              keys[i] = static_cast<int>(random() % 5);
              break;
            case 1:
              keys[i] = static_cast<int>(i);
              break;
            case 2:
              keys[i] = static_cast<int>(n - i);
              break;
            case 3:
              keys[i] = 7;
              break;
            default:
              keys[i] = static_cast<int>(random());
          }
        }
        std::vector<uint32_t> ours(n), expected(n);
        for (uint32_t i = 0; i < n; ++i) ours[i] = expected[i] = i;
        const auto less = [&keys](uint32_t a, uint32_t b) { return keys[a] < keys[b]; };
        std::stable_sort(expected.begin(), expected.end(), less);
        mesaides::sort_indices(ours.data(), ours.size(), less);
        INFO("n = ", n, ", pattern ", pattern);
        CHECK(ours == expected);
        ++checked;
      }
    }
    CHECK(checked == 80);
  }
}
