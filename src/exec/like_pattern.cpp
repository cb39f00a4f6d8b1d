#include "exec/like_pattern.h"

namespace orbit {

namespace {

// The byte length of the UTF-8 character starting at `c` (1 for a stray continuation byte).
size_t CharLength(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

}  // namespace

LikePattern::LikePattern(std::string_view pattern) {
  bool simple = true;  // no _ and no escapes: only literal text and %
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      tokens_.push_back(static_cast<unsigned char>(pattern[++i]));
      simple = false;
    } else if (c == '%') {
      if (tokens_.empty() || tokens_.back() != kAnyText) tokens_.push_back(kAnyText);
    } else if (c == '_') {
      tokens_.push_back(kAnyChar);
      simple = false;
    } else {
      tokens_.push_back(static_cast<unsigned char>(c));
    }
  }
  if (!simple) return;
  // Literal text with % only at its ends is a comparison or a search.
  size_t percents = 0;
  for (int t : tokens_) percents += t == kAnyText;
  bool leading = !tokens_.empty() && tokens_.front() == kAnyText;
  bool trailing = tokens_.size() > 1 && tokens_.back() == kAnyText;
  if (percents != static_cast<size_t>(leading) + static_cast<size_t>(trailing)) return;
  for (int t : tokens_) {
    if (t != kAnyText) literal_ += static_cast<char>(t);
  }
  if (tokens_.size() == 1 && leading) {
    shape_ = Shape::kContains;  // '%' alone: any text, found in every text
  } else if (leading && trailing) {
    shape_ = Shape::kContains;
  } else if (leading) {
    shape_ = Shape::kSuffix;
  } else if (trailing) {
    shape_ = Shape::kPrefix;
  } else {
    shape_ = Shape::kExact;
  }
}

bool LikePattern::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact: return text == literal_;
    case Shape::kPrefix: return text.starts_with(literal_);
    case Shape::kSuffix: return text.ends_with(literal_);
    case Shape::kContains: return text.find(literal_) != std::string_view::npos;
    case Shape::kGeneral: return MatchGeneral(text);
  }
  return false;
}

bool LikePattern::MatchGeneral(std::string_view text) const {
  // Greedy with one backtrack point: the latest %, retried one character further each time.
  size_t t = 0, p = 0;
  size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (p < tokens_.size() && tokens_[p] == kAnyText) {
      star = p++;
      star_text = t;
    } else if (p < tokens_.size() && tokens_[p] == kAnyChar) {
      t += CharLength(static_cast<unsigned char>(text[t]));
      ++p;
    } else if (p < tokens_.size() && tokens_[p] == static_cast<unsigned char>(text[t])) {
      ++t;
      ++p;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      star_text += CharLength(static_cast<unsigned char>(text[star_text]));
      t = star_text;
    } else {
      return false;
    }
  }
  if (t > text.size()) return false;  // a _ ran past a truncated character
  while (p < tokens_.size() && tokens_[p] == kAnyText) ++p;
  return p == tokens_.size();
}

}  // namespace orbit
