#include "columnar/list_text.h"

#include <strings.h>

#include <fmt/format.h>

namespace orbit {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

Status Malformed(std::string_view text, std::string_view detail) {
  return Status::InvalidData("malformed array literal: \"{}\" ({})", text, detail);
}

}  // namespace

Result<std::vector<std::optional<std::string>>> SplitListText(std::string_view text) {
  size_t at = 0;
  auto skip_blanks = [&] {
    while (at < text.size() && IsBlank(text[at])) ++at;
  };
  skip_blanks();
  // DuckDB's list form [1, 2, 3] reads as {1, 2, 3}; PostgreSQL's bounds '[1:3]={...}' do not.
  const bool brackets = at < text.size() && text[at] == '[';
  if (brackets && text.find("]=") != std::string_view::npos) {
    return Status::NotSupported("array bounds in \"{}\" (write the elements only: '{{1,2,3}}')", text);
  }
  const char open = brackets ? '[' : '{', close = brackets ? ']' : '}';
  if (at >= text.size() || text[at] != open) return Malformed(text, "an array value must start with \"{\"");
  ++at;
  std::vector<std::optional<std::string>> elements;
  skip_blanks();
  if (at < text.size() && text[at] == close) {
    ++at;
  } else {
    while (true) {
      skip_blanks();
      if (at >= text.size()) return Malformed(text, "unexpected end of input");
      if (text[at] == '{' || text[at] == '[') {
        return Status::NotSupported("multidimensional arrays (\"{}\"): Orbit's arrays have one dimension", text);
      }
      std::string element;
      bool literal = false;  // quoted or escaped: never NULL
      if (text[at] == '"') {
        literal = true;
        ++at;
        while (at < text.size() && text[at] != '"') {
          if (text[at] == '\\') ++at;
          if (at < text.size()) element += text[at++];
        }
        if (at >= text.size()) return Malformed(text, "unexpected end of input");
        ++at;
        skip_blanks();
      } else {
        size_t trailing_blanks = 0;  // blanks after an unquoted element are dropped
        while (at < text.size() && text[at] != ',' && text[at] != close) {
          const char c = text[at++];
          if (c == '"' || c == '{' || c == open) return Malformed(text, fmt::format("unexpected \"{}\" character", c));
          if (c == '\\') {
            if (at >= text.size()) return Malformed(text, "unexpected end of input");
            element += text[at++];
            literal = true;
            trailing_blanks = 0;
            continue;
          }
          element += c;
          trailing_blanks = IsBlank(c) ? trailing_blanks + 1 : 0;
        }
        element.resize(element.size() - trailing_blanks);
        if (element.empty() && !literal) return Malformed(text, "unexpected \",\" or \"}\" character");
      }
      if (at >= text.size() || (text[at] != ',' && text[at] != close)) {
        return Malformed(text,
                         at >= text.size() ? "unexpected end of input" : "unexpected character after a quoted element");
      }
      if (!literal && strcasecmp(element.c_str(), "NULL") == 0) {
        elements.emplace_back(std::nullopt);
      } else {
        elements.emplace_back(std::move(element));
      }
      const char end = text[at++];
      if (end == close) break;
    }
  }
  skip_blanks();
  if (at != text.size()) return Malformed(text, "junk after closing right brace");
  return elements;
}

void AppendListElementText(std::string_view element, std::string* out) {
  bool quote = element.empty() || strcasecmp(std::string(element).c_str(), "NULL") == 0;
  for (char c : element) {
    if (IsBlank(c) || c == '{' || c == '}' || c == ',' || c == '"' || c == '\\') quote = true;
  }
  if (!quote) {
    out->append(element);
    return;
  }
  out->push_back('"');
  for (char c : element) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace orbit
