// A light tokenizer for the few things the server reads in a statement's text before Orbit
// runs it: its leading keywords (for the CommandComplete tag and for the session commands
// the server answers itself: BEGIN, SET client_encoding, SHOW DateStyle, ...) and the
// highest $n parameter it uses. Strings, quoted names and comments are skipped whole, so a
// keyword or $1 inside them is not one. Orbit's parser remains the judge of the SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace orbit::server {

struct SqlToken {
  enum class Kind { kWord, kString, kQuotedName, kNumber, kParameter, kSymbol };
  Kind kind = Kind::kSymbol;
  std::string text;   ///< a word upper-cased; a string or quoted name without its quotes
  size_t offset = 0;  ///< where it starts in the statement's text
  size_t end = 0;     ///< where it ends
};

/// The first `max_tokens` tokens of `sql` (all of them by default).
std::vector<SqlToken> Tokenize(std::string_view sql, size_t max_tokens = static_cast<size_t>(-1));
/// The highest n of a $n in `sql`; 0 when it has none.
int HighestParameter(std::string_view sql);
/// The first `count` words of `sql`, upper-cased (fewer when it has fewer leading words;
/// opening parentheses are skipped, so "(SELECT 1)" starts with SELECT).
std::vector<std::string> LeadingWords(std::string_view sql, size_t count);

}  // namespace orbit::server
