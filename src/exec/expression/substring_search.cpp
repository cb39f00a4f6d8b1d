#include "exec/expression/substring_search.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace orbit {

size_t SubstringSearch::Find(std::string_view text, size_t from, size_t end) const {
  const size_t m = needle_.size();
  if (m == 0) return from <= end ? from : std::string_view::npos;
  if (end < from || end - from < m) return std::string_view::npos;
  const char* hay = text.data();
  size_t i = from;
  const size_t last_start = end - m;  // the last position an occurrence can start at
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(needle_[0]);
  const __m128i last = _mm_set1_epi8(needle_[m - 1]);
  // Each step tests the 16 starts [i, i + 16): reads [i, i + 16) and [i + m - 1, i + m + 15),
  // both inside the text while i + 16 <= last_start + 1.
  for (; i + 16 <= last_start + 1; i += 16) {
    const __m128i at_first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + i));
    const __m128i at_last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + i + m - 1));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(at_first, first), _mm_cmpeq_epi8(at_last, last))));
    while (mask != 0) {
      const size_t start = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(hay + start + 1, needle_.data() + 1, m - 1) == 0) return start;
      mask &= mask - 1;
    }
  }
#endif
  for (; i <= last_start; ++i) {
    if (hay[i] == needle_[0] && std::memcmp(hay + i + 1, needle_.data() + 1, m - 1) == 0) return i;
  }
  return std::string_view::npos;
}

}  // namespace orbit
