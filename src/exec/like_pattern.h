// SQL LIKE patterns, compiled once per pattern: % matches any text, _ one character (a
// UTF-8 code point), a backslash makes the next character literal (PostgreSQL's default
// escape). The common shapes ('abc', 'abc%', '%abc', '%abc%') match with one comparison
// or search; anything else runs a backtracking matcher, linear in practice.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orbit {

class LikePattern {
 public:
  explicit LikePattern(std::string_view pattern);
  bool Matches(std::string_view text) const;

 private:
  enum class Shape { kExact, kPrefix, kSuffix, kContains, kGeneral };
  // kGeneral: the pattern as tokens; a literal byte, or one of these markers.
  static constexpr int kAnyText = -1;
  static constexpr int kAnyChar = -2;

  bool MatchGeneral(std::string_view text) const;

  Shape shape_ = Shape::kGeneral;
  std::string literal_;     // the text between the %s of the simple shapes
  std::vector<int> tokens_;
};

}  // namespace orbit
