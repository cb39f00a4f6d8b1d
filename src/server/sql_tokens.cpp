#include "server/sql_tokens.h"

#include <algorithm>
#include <cctype>

namespace orbit::server {

namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool IsWordChar(char c) { return IsWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// The end of a quoted run starting at `at` (the opening quote), where a doubled quote is
// the quote itself; the text between the quotes goes to `text`.
size_t SkipQuoted(std::string_view sql, size_t at, char quote, std::string* text) {
  size_t i = at + 1;
  while (i < sql.size()) {
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        *text += quote;
        i += 2;
        continue;
      }
      return i + 1;
    }
    *text += sql[i++];
  }
  return sql.size();
}

// $tag$ ... $tag$ starting at `at`; npos when `at` does not start a dollar quote.
size_t SkipDollarQuoted(std::string_view sql, size_t at, std::string* text) {
  size_t tag_end = at + 1;
  while (tag_end < sql.size() && (IsWordStart(sql[tag_end]) || IsDigit(sql[tag_end]))) ++tag_end;
  if (tag_end >= sql.size() || sql[tag_end] != '$') return std::string_view::npos;
  const std::string_view tag = sql.substr(at, tag_end - at + 1);
  const size_t close = sql.find(tag, tag_end + 1);
  if (close == std::string_view::npos) {
    *text = std::string(sql.substr(tag_end + 1));
    return sql.size();
  }
  *text = std::string(sql.substr(tag_end + 1, close - tag_end - 1));
  return close + tag.size();
}

// Reads the token (or the space or comment) at `*at`, moving past it.
void Next(std::string_view sql, size_t* at, std::vector<SqlToken>* out) {
  size_t& i = *at;
  std::vector<SqlToken>& tokens = *out;
  const char c = sql[i];
  if (std::isspace(static_cast<unsigned char>(c))) {
    ++i;
  } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
    const size_t end = sql.find('\n', i);
    i = end == std::string_view::npos ? sql.size() : end + 1;
  } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
    int depth = 0;  // PostgreSQL's block comments nest
    while (i < sql.size()) {
      if (sql.compare(i, 2, "/*") == 0) {
        ++depth;
        i += 2;
      } else if (sql.compare(i, 2, "*/") == 0) {
        i += 2;
        if (--depth == 0) break;
      } else {
        ++i;
      }
    }
  } else if (c == '\'' || c == '"') {
    SqlToken token{c == '\'' ? SqlToken::Kind::kString : SqlToken::Kind::kQuotedName, ""};
    i = SkipQuoted(sql, i, c, &token.text);
    tokens.push_back(std::move(token));
  } else if (c == '$' && i + 1 < sql.size() && IsDigit(sql[i + 1])) {
    size_t end = i + 1;
    while (end < sql.size() && IsDigit(sql[end])) ++end;
    tokens.push_back({SqlToken::Kind::kParameter, std::string(sql.substr(i + 1, end - i - 1))});
    i = end;
  } else if (c == '$') {
    SqlToken token{SqlToken::Kind::kString, ""};
    const size_t end = SkipDollarQuoted(sql, i, &token.text);
    if (end == std::string_view::npos) {
      tokens.push_back({SqlToken::Kind::kSymbol, "$"});
      ++i;
    } else {
      tokens.push_back(std::move(token));
      i = end;
    }
  } else if (IsWordStart(c)) {
    size_t end = i;
    while (end < sql.size() && IsWordChar(sql[end])) ++end;
    SqlToken token{SqlToken::Kind::kWord, std::string(sql.substr(i, end - i))};
    for (char& ch : token.text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    tokens.push_back(std::move(token));
    i = end;
  } else if (IsDigit(c) || (c == '.' && i + 1 < sql.size() && IsDigit(sql[i + 1]))) {
    size_t end = i;
    while (end < sql.size() && (IsDigit(sql[end]) || sql[end] == '.')) ++end;
    tokens.push_back({SqlToken::Kind::kNumber, std::string(sql.substr(i, end - i))});
    i = end;
  } else {
    tokens.push_back({SqlToken::Kind::kSymbol, std::string(1, c)});
    ++i;
  }
}

}  // namespace

std::vector<SqlToken> Tokenize(std::string_view sql, size_t max_tokens) {
  std::vector<SqlToken> tokens;
  size_t i = 0;
  while (i < sql.size() && tokens.size() < max_tokens) {
    const size_t before = tokens.size();
    const size_t start = i;
    Next(sql, &i, &tokens);
    if (tokens.size() > before) {
      tokens.back().offset = start;
      tokens.back().end = i;
    }
  }
  return tokens;
}

int HighestParameter(std::string_view sql) {
  int highest = 0;
  for (const SqlToken& token : Tokenize(sql)) {
    if (token.kind != SqlToken::Kind::kParameter || token.text.size() > 5) continue;
    highest = std::max(highest, std::stoi(token.text));
  }
  return highest;
}

std::vector<std::string> LeadingWords(std::string_view sql, size_t count) {
  std::vector<std::string> words;
  for (const SqlToken& token : Tokenize(sql, count + 8)) {
    if (token.kind == SqlToken::Kind::kSymbol && token.text == "(" && words.empty()) continue;
    if (token.kind != SqlToken::Kind::kWord || words.size() == count) break;
    words.push_back(token.text);
  }
  return words;
}

}  // namespace orbit::server
