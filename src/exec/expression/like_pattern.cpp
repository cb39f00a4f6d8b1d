#include "exec/expression/like_pattern.h"

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
  shape_ = Shape::kPieces;
  pieces_.emplace_back();
  for (int t : tokens_) {
    if (t == kAnyText) {
      pieces_.emplace_back();
    } else {
      pieces_.back() += static_cast<char>(t);
    }
  }
  for (size_t i = 1; i + 1 < pieces_.size(); ++i) searches_.emplace_back(pieces_[i]);
}

bool LikePattern::Matches(std::string_view text) const {
  if (shape_ == Shape::kGeneral) return MatchGeneral(text);
  if (pieces_.size() == 1) return text == pieces_[0];  // no %
  const std::string& first = pieces_.front();
  const std::string& last = pieces_.back();
  if (first.size() + last.size() > text.size()) return false;
  if (!text.starts_with(first) || !text.ends_with(last)) return false;
  // The middle pieces, leftmost first, between the first and the last.
  size_t at = first.size();
  const size_t end = text.size() - last.size();
  for (size_t i = 1; i + 1 < pieces_.size(); ++i) {
    const size_t found = searches_[i - 1].Find(text, at, end);
    if (found == std::string_view::npos) return false;
    at = found + searches_[i - 1].size();
  }
  return true;
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
