#include "columnar/bitmap.h"

#include <cstring>

namespace orbit::bitmap {

size_t CountSet(const uint8_t* bits, size_t n) {
  size_t count = 0;
  size_t words = n / 64;
  for (size_t w = 0; w < words; ++w) {
    uint64_t word;
    std::memcpy(&word, bits + w * 8, 8);
    count += static_cast<size_t>(__builtin_popcountll(word));
  }
  for (size_t i = words * 64; i < n; ++i) count += Get(bits, i);
  return count;
}

}  // namespace orbit::bitmap
