// Finding a short literal inside many short strings (LIKE '%special%requests%'): for each
// 16-byte step, the positions where both the needle's first and last bytes sit at the right
// distance are found with two vector compares, and only those are checked in full (the
// "generic SIMD" filter of W. Mula's substring-search notes). A general-purpose memmem
// spends its time setting up per call, which dominates on strings of tens of bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orbit {

class SubstringSearch {
 public:
  explicit SubstringSearch(std::string needle) : needle_(std::move(needle)) {}

  /// Position of the first occurrence of the needle in text[from, end), or npos.
  size_t Find(std::string_view text, size_t from, size_t end) const;

  size_t size() const { return needle_.size(); }

 private:
  std::string needle_;
};

}  // namespace orbit
