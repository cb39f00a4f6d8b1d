// SQL LIKE patterns, compiled once per pattern: % matches any text, _ one character (a
// UTF-8 code point), a backslash makes the next character literal (PostgreSQL's default
// escape). Patterns of literal text and % only ('abc%', '%abc%', '%special%requests%')
// match by comparing the ends and searching for the pieces in between, in order (leftmost
// matches suffice); patterns with _ run a backtracking matcher, linear in practice.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exec/expression/substring_search.h"

namespace orbit {

class LikePattern {
 public:
  explicit LikePattern(std::string_view pattern);
  bool Matches(std::string_view text) const;

 private:
  enum class Shape { kPieces, kGeneral };
  // kGeneral: the pattern as tokens; a literal byte, or one of these markers.
  static constexpr int kAnyText = -1;
  static constexpr int kAnyChar = -2;

  bool MatchGeneral(std::string_view text) const;

  Shape shape_ = Shape::kGeneral;
  // kPieces: the literal text around and between the %s: the first piece starts the text,
  // the last ends it (either may be empty), the others follow in order in between.
  std::vector<std::string> pieces_;
  std::vector<SubstringSearch> searches_;  // for the middle pieces
  std::vector<int> tokens_;
};

}  // namespace orbit
