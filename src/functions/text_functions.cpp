// Text functions over UTF-8 VARCHAR: upper, lower, initcap, length (characters, not bytes,
// as PostgreSQL counts), btrim/ltrim/rtrim (of spaces, or of the characters of a second
// argument: TRIM(BOTH 'x' FROM s) is btrim(s, 'x')), substring (PostgreSQL's rules for a
// start before 1), concat (NULL reads as the empty string) and the || operator (NULL in,
// NULL out). Case mapping covers ASCII and Latin-1 letters (U+00C0..U+00FE), the
// characters TPC-H-like data holds; others pass through unchanged.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/infix_display.h"
#include "functions/list_functions.h"
#include "functions/text_call.h"

namespace orbit {

namespace {

bool IsText(const DataType& type) { return type.id == TypeId::kVarchar || type.id == TypeId::kNull; }

// Appends `text` with its letters mapped to upper (or lower) case.
void AppendMappedCase(std::string_view text, bool upper, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      out += static_cast<char>(c);
      continue;
    }
    // Latin-1 letters are two bytes, 0xC3 then 0x80..0xBF (U+00C0..U+00FF).
    if (c == 0xC3 && i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      unsigned code = 0xC0 + (next & 0x3F);
      if (upper && code >= 0xE0 && code <= 0xFE && code != 0xF7) code -= 0x20;
      if (!upper && code >= 0xC0 && code <= 0xDE && code != 0xD7) code += 0x20;
      out += static_cast<char>(0xC3);
      out += static_cast<char>(0x80 | (code & 0x3F));
      ++i;
      continue;
    }
    out += static_cast<char>(c);
  }
}

// Each row of a VARCHAR column through `map` (text in, appends to out), NULL staying NULL.
template <typename Map>
ColumnPtr MapText(const ScalarCall& call, Map map) {
  const ColumnView& text = call.arguments[0];
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  std::string out;
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!text.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    out.clear();
    map(text.GetString(i), out);
    builder.AppendString(out);
  }
  return builder.Finish();
}

Result<ColumnPtr> Upper(const ScalarCall& call) {
  return MapText(call, [](std::string_view s, std::string& out) { AppendMappedCase(s, true, out); });
}

Result<ColumnPtr> Lower(const ScalarCall& call) {
  return MapText(call, [](std::string_view s, std::string& out) { AppendMappedCase(s, false, out); });
}

template <bool kLeft, bool kRight>
Result<ColumnPtr> Trim(const ScalarCall& call) {
  if (call.arguments.size() == 1) {
    return MapText(call, [](std::string_view s, std::string& out) {
      size_t begin = 0, end = s.size();
      while (kLeft && begin < end && s[begin] == ' ') ++begin;
      while (kRight && end > begin && s[end - 1] == ' ') --end;
      out.append(s.substr(begin, end - begin));
    });
  }
  // Trimming the characters of the second argument, whole UTF-8 characters at a time.
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const auto characters = text::SplitCharacters(call.arguments[0].GetString(i));
    const auto set = text::SplitCharacters(call.arguments[1].GetString(i));
    auto in_set = [&](std::string_view c) { return std::find(set.begin(), set.end(), c) != set.end(); };
    size_t begin = 0, end = characters.size();
    while (kLeft && begin < end && in_set(characters[begin])) ++begin;
    while (kRight && end > begin && in_set(characters[end - 1])) --end;
    std::string kept;
    for (size_t k = begin; k < end; ++k) kept.append(characters[k]);
    out.AppendString(kept);
    return Status::OK();
  });
}

Result<Resolution> BindTrim(const CallSite& call) {
  return text::BindKinds(call, {text::Kind::kText, text::Kind::kText}, DataType::Varchar());
}

ScalarFunction TrimFunction(std::string name, std::vector<std::string> aliases, const char* where,
                            ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = {{"VARCHAR [, VARCHAR characters]", "VARCHAR"}};
  f.description = fmt::format("the text without {} spaces (or characters of the second argument)", where);
  f.min_arguments = 1;
  f.max_arguments = 2;
  f.usage = "takes a string and optionally the characters to remove";
  f.bind = BindTrim;
  f.implementation = implementation;
  return f;
}

// The first letter of each run of letters and digits in upper case, the others in lower.
Result<ColumnPtr> Initcap(const ScalarCall& call) {
  return MapText(call, [](std::string_view s, std::string& out) {
    bool in_word = false;
    for (std::string_view c : text::SplitCharacters(s)) {
      const auto lead = static_cast<unsigned char>(c[0]);
      // ASCII letters and digits, and every non-ASCII character (Latin-1 letters and the rest).
      const bool alphanumeric = lead >= 0x80 || std::isalnum(lead) != 0;
      AppendMappedCase(c, !in_word, out);
      in_word = alphanumeric;
    }
  });
}

Result<ColumnPtr> Length(const ScalarCall& call) {
  const ColumnView& text = call.arguments[0];
  ColumnBuilder builder(DataType::Int32(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!text.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    int32_t count = 0;
    for (char c : text.GetString(i)) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    builder.AppendInt32(count);
  }
  return builder.Finish();
}

// upper(VARCHAR) and its kind: a VARCHAR argument, NULL in gives NULL of `result`.
Result<Resolution> BindTextArgument(const CallSite& call, DataType result) {
  const DataType& type = call.arguments[0].type;
  if (type.id == TypeId::kNull) return Resolution::Null(result);
  if (type.id != TypeId::kVarchar) {
    return Status::TypeError("function {}({}) does not exist (cast the argument to VARCHAR), in {}", call.name,
                             type.ToString(), call.text);
  }
  return Resolution::Call(result, {DataType::Varchar()});
}

Result<Resolution> BindTextToText(const CallSite& call) { return BindTextArgument(call, DataType::Varchar()); }
Result<Resolution> BindTextToInteger(const CallSite& call) { return BindTextArgument(call, DataType::Int32()); }

ScalarFunction TextToText(std::string name, std::vector<std::string> aliases, std::string description,
                          ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = {{"VARCHAR", "VARCHAR"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 1;
  f.usage = "takes one argument";
  f.bind = BindTextToText;
  f.implementation = implementation;
  return f;
}

// Characters [first, last) of `s`, counting from 1; `last` may lie past the end.
std::string_view Characters(std::string_view s, int64_t first, int64_t last) {
  size_t begin = s.size(), end = s.size();
  size_t offset = 0;
  for (int64_t index = 1; offset < s.size(); ++index) {
    if (index == first) begin = offset;
    if (index == last) {
      end = offset;
      break;
    }
    offset += text::CharacterBytes(static_cast<unsigned char>(s[offset]));
  }
  begin = std::min(begin, s.size());
  end = std::min(std::max(end, begin), s.size());
  return s.substr(begin, end - begin);
}

Result<ColumnPtr> Substring(const ScalarCall& call) {
  const auto& args = call.arguments;
  const bool has_length = args.size() > 2;
  ColumnBuilder out(DataType::Varchar(), call.rows);
  for (int64_t row = 0; row < call.rows; ++row) {
    bool null = false;
    for (const ColumnView& a : args) null = null || !a.IsValid(row);
    if (null) {
      out.AppendNull();
      continue;
    }
    const int64_t start = args[1].values<int64_t>()[row];
    // PostgreSQL: characters [start, start + length), of those that exist.
    int64_t last = INT64_MAX;
    if (has_length) {
      const int64_t length = args[2].values<int64_t>()[row];
      if (length < 0) return Status::InvalidData("negative substring length not allowed");
      last = start > INT64_MAX - length ? INT64_MAX : start + length;
    }
    const int64_t first = std::max<int64_t>(start, 1);
    out.AppendString(last <= first ? std::string_view() : Characters(args[0].GetString(row), first, last));
  }
  return out.Finish();
}

Result<Resolution> BindSubstring(const CallSite& call) {
  std::vector<DataType> types;
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    const DataType& type = call.arguments[i].type;
    const bool fits = type.id == TypeId::kNull ||
                      (i == 0 ? type.id == TypeId::kVarchar : type.id == TypeId::kInt32 || type.id == TypeId::kInt64);
    if (!fits) {
      const char* which = i == 0 ? "first" : i == 1 ? "start" : "length";
      return Status::TypeError("{} needs {} for its {} argument, not {}, in {}", call.name,
                               i == 0 ? "VARCHAR" : "an integer", which, type.ToString(), call.text);
    }
    types.push_back(i == 0 ? DataType::Varchar() : DataType::Int64());
  }
  return Resolution::Call(DataType::Varchar(), std::move(types));
}

std::string ShowSubstring(std::string_view, int, const std::vector<std::string>& a) {
  return fmt::format("substring({} FROM {}{})", a[0], a[1], a.size() > 2 ? " FOR " + a[2] : "");
}

Result<ColumnPtr> Concat(const ScalarCall& call) {
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  std::string joined;
  for (int64_t i = 0; i < call.rows; ++i) {
    joined.clear();
    for (const ColumnView& a : call.arguments) {
      if (a.IsValid(i)) joined.append(a.GetString(i));
    }
    builder.AppendString(joined);
  }
  return builder.Finish();
}

Result<Resolution> BindConcat(const CallSite& call) {
  // Every argument as text; a NULL one reads as '' and is left out.
  Resolution r;
  r.type = DataType::Varchar();
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    const CallArgument& a = call.arguments[i];
    if (a.type.id == TypeId::kNull || (a.constant && a.constant->is_null)) continue;
    r.arguments.push_back(static_cast<int>(i));
    r.argument_types.push_back(DataType::Varchar());
  }
  return r;
}

Result<ColumnPtr> TextConcat(const ScalarCall& call) {
  if (call.type.is_list()) return ListConcatOperator(call);
  const ColumnView& left = call.arguments[0];
  const ColumnView& right = call.arguments[1];
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  std::string joined;
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!left.IsValid(i) || !right.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    joined.assign(left.GetString(i));
    joined.append(right.GetString(i));
    builder.AppendString(joined);
  }
  return builder.Finish();
}

// a || b, as PostgreSQL's textcat: one operand must be text (or an untyped literal, which
// is text); the other is cast to text.
Result<Resolution> BindTextConcat(const CallSite& call) {
  const DataType& a = call.arguments[0].type;
  const DataType& b = call.arguments[1].type;
  if (IsListConcat(a, b)) return BindListConcatOperator(call);
  if (!IsText(a) && !IsText(b)) {
    return Status::TypeError("operator does not exist: {} || {} (cast one operand to VARCHAR), in {}", a.ToString(),
                             b.ToString(), call.text);
  }
  for (const CallArgument& arg : call.arguments) {
    if (arg.type.id == TypeId::kNull || (arg.constant && arg.constant->is_null)) {
      return Resolution::Null(DataType::Varchar());
    }
  }
  return Resolution::Call(DataType::Varchar(), {DataType::Varchar(), DataType::Varchar()});
}

}  // namespace

Status RegisterTextFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(
      registry.Add(TextToText("upper", {}, "the text in upper case (ASCII and Latin-1 letters)", Upper)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(TextToText("lower", {}, "the text in lower case (ASCII and Latin-1 letters)", Lower)));

  ScalarFunction length = TextToText("length", {"char_length"}, "the number of characters (not bytes)", Length);
  length.signatures = {{"VARCHAR", "INTEGER"}};
  length.bind = BindTextToInteger;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(length)));

  ORBIT_RETURN_IF_ERROR(
      registry.Add(TextToText("initcap", {}, "each word's first letter in upper case, the others in lower", Initcap)));
  ORBIT_RETURN_IF_ERROR(registry.Add(TrimFunction("btrim", {"trim"}, "leading and trailing", Trim<true, true>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(TrimFunction("ltrim", {}, "leading", Trim<true, false>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(TrimFunction("rtrim", {}, "trailing", Trim<false, true>)));

  ScalarFunction substring;
  substring.name = "substring";
  substring.aliases = {"substr"};
  substring.signatures = {{"VARCHAR, BIGINT", "VARCHAR"}, {"VARCHAR, BIGINT, BIGINT", "VARCHAR"}};
  substring.description =
      "characters from a start (counting from 1) for an optional count; also SUBSTRING(s FROM a FOR b)";
  substring.min_arguments = 2;
  substring.max_arguments = 3;
  substring.usage = "takes a string, a start and optionally a length";
  substring.bind = BindSubstring;
  substring.implementation = Substring;
  substring.display = ShowSubstring;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(substring)));

  ScalarFunction concat;
  concat.name = "concat";
  concat.signatures = {{"ANY, ...", "VARCHAR"}};
  concat.description = "the arguments as text, one after another; a NULL argument counts as ''";
  concat.usage = "takes values, not *";
  concat.bind = BindConcat;
  concat.implementation = Concat;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(concat)));

  ScalarFunction textcat;
  textcat.name = "||";
  textcat.operator_only = true;
  textcat.signatures = {{"VARCHAR, ANY", "VARCHAR"}, {"ANY, VARCHAR", "VARCHAR"}};
  textcat.description = "a || b: the two as text, one after the other; NULL if either is NULL";
  textcat.min_arguments = textcat.max_arguments = 2;
  textcat.bind = BindTextConcat;
  textcat.implementation = TextConcat;
  textcat.display = ShowInfix;
  return registry.Add(std::move(textcat));
}

}  // namespace orbit
