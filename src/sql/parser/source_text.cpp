#include "sql/parser/source_text.h"

#include <cctype>

namespace orbit {

namespace {

bool StartsWithKeyword(std::string_view text, std::string_view keyword) {
  if (text.size() < keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != keyword[i]) return false;
  }
  return true;
}

// The position just past the quoted token that starts at `begin` (a ' or "): doubled quotes
// stay inside, and so do backslash escapes of an E'...' string.
size_t SkipQuoted(std::string_view sql, size_t begin, bool backslash_escapes) {
  const char quote = sql[begin];
  size_t i = begin + 1;
  while (i < sql.size()) {
    if (backslash_escapes && sql[i] == '\\') {
      i += 2;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return sql.size();
}

size_t SkipComment(std::string_view sql, size_t begin) {
  if (sql[begin] == '-') {
    const size_t end = sql.find('\n', begin);
    return end == std::string_view::npos ? sql.size() : end;
  }
  const size_t end = sql.find("*/", begin + 2);
  return end == std::string_view::npos ? sql.size() : end + 2;
}

}  // namespace

std::string DefaultExpressionText(std::string_view sql, int default_location, int next_location) {
  if (default_location < 0 || static_cast<size_t>(default_location) >= sql.size()) return {};
  size_t i = static_cast<size_t>(default_location);
  if (!StartsWithKeyword(sql.substr(i), "DEFAULT")) return {};
  i += 7;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  const size_t begin = i;
  const size_t limit = next_location > static_cast<int>(begin) ? static_cast<size_t>(next_location) : sql.size();
  int depth = 0;
  while (i < limit) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
      i = SkipQuoted(sql, i, escapes);
      continue;
    }
    if ((c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
        (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*')) {
      i = SkipComment(sql, i);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && depth-- == 0) break;
    if (c == ',' && depth == 0) break;
    ++i;
  }
  size_t end = std::min(i, limit);
  while (end > begin && std::isspace(static_cast<unsigned char>(sql[end - 1]))) --end;
  return std::string(sql.substr(begin, end - begin));
}

std::string CheckExpressionText(std::string_view sql, int location) {
  if (location < 0 || static_cast<size_t>(location) >= sql.size()) return {};
  // Past CONSTRAINT name (maybe quoted) to CHECK, then its parenthesised expression.
  size_t i = static_cast<size_t>(location);
  while (i < sql.size() && !StartsWithKeyword(sql.substr(i), "CHECK")) {
    i = sql[i] == '"' ? SkipQuoted(sql, i, false) : i + 1;
  }
  while (i < sql.size() && sql[i] != '(') ++i;
  if (i >= sql.size()) return {};
  const size_t begin = i + 1;
  int depth = 0;
  for (; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
      i = SkipQuoted(sql, i, escapes) - 1;
    } else if ((c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
               (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*')) {
      i = SkipComment(sql, i) - 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      std::string_view text = sql.substr(begin, i - begin);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
      return std::string(text);
    }
  }
  return {};
}

}  // namespace orbit
