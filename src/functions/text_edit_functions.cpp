// Text functions that make new text, with PostgreSQL's rules: replace, left and right (a
// negative count drops characters from the other end), lpad and rpad (text longer than
// the length is cut to it), repeat, reverse, translate, split_part (a negative field
// counts from the end; 0 is an error) and concat_ws (NULL arguments are left out, a NULL
// separator gives NULL). Lengths count UTF-8 characters.
#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/text_call.h"

namespace orbit {

namespace {

using text::Kind;

Status TooLong(const ScalarCall& call) {
  return Status::OutOfRange("requested length too large: more than {} bytes in one value or {} in a column, from {}",
                            text::kMaxResultBytes, text::kMaxColumnBytes, call.argument_sql(0));
}

// Counts `bytes` more into a column's `total`; false past what one column holds.
bool Fits(int64_t& total, size_t bytes) {
  total += static_cast<int64_t>(bytes);
  return total <= text::kMaxColumnBytes;
}

std::string Joined(const std::vector<std::string_view>& characters, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < characters.size(); ++i) out.append(characters[i]);
  return out;
}

Result<ColumnPtr> Replace(const ScalarCall& call) {
  std::string out;
  int64_t total = 0;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& column) {
    const std::string_view s = call.arguments[0].GetString(i);
    const std::string_view from = call.arguments[1].GetString(i);
    const std::string_view to = call.arguments[2].GetString(i);
    if (from.empty()) {
      column.AppendString(s);
      return Status::OK();
    }
    out.clear();
    size_t at = 0;
    for (size_t next; (next = s.find(from, at)) != std::string_view::npos; at = next + from.size()) {
      out.append(s.substr(at, next - at));
      out.append(to);
      if (static_cast<int64_t>(out.size()) > text::kMaxResultBytes) return TooLong(call);
    }
    out.append(s.substr(at));
    if (!Fits(total, out.size())) return TooLong(call);
    column.AppendString(out);
    return Status::OK();
  });
}

// left(s, n) / right(s, n): n characters from that end, or all but -n from the other.
template <bool kLeft>
Result<ColumnPtr> Side(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const auto characters = text::SplitCharacters(call.arguments[0].GetString(i));
    const auto size = static_cast<int64_t>(characters.size());
    const int64_t n = call.arguments[1].values<int64_t>()[i];
    const int64_t keep = std::clamp<int64_t>(n >= 0 ? n : size + n, 0, size);
    out.AppendString(kLeft ? Joined(characters, 0, keep) : Joined(characters, size - keep, size));
    return Status::OK();
  });
}

template <bool kLeft>
Result<ColumnPtr> Pad(const ScalarCall& call) {
  int64_t total = 0;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const auto characters = text::SplitCharacters(call.arguments[0].GetString(i));
    const int64_t length = call.arguments[1].values<int64_t>()[i];
    const auto fill = text::SplitCharacters(call.arguments.size() > 2 ? call.arguments[2].GetString(i) : " ");
    if (length <= 0) {
      out.AppendString("");
      return Status::OK();
    }
    if (length > text::kMaxResultBytes) return TooLong(call);
    const auto size = static_cast<int64_t>(characters.size());
    if (size >= length || fill.empty()) {
      out.AppendString(Joined(characters, 0, std::min(size, length)));
      return Status::OK();
    }
    std::string padding;
    for (int64_t k = 0; k < length - size; ++k) padding.append(fill[k % fill.size()]);
    std::string s = Joined(characters, 0, size);
    if (!Fits(total, padding.size() + s.size())) return TooLong(call);
    out.AppendString(kLeft ? padding + s : s + padding);
    return Status::OK();
  });
}

Result<ColumnPtr> Repeat(const ScalarCall& call) {
  std::string out;
  int64_t total = 0;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& column) {
    const std::string_view s = call.arguments[0].GetString(i);
    const int64_t n = std::max<int64_t>(call.arguments[1].values<int64_t>()[i], 0);
    if (!s.empty() && n > text::kMaxResultBytes / static_cast<int64_t>(s.size())) return TooLong(call);
    if (!Fits(total, s.size() * static_cast<size_t>(n))) return TooLong(call);
    out.clear();
    for (int64_t k = 0; k < n && !s.empty(); ++k) out.append(s);
    column.AppendString(out);
    return Status::OK();
  });
}

Result<ColumnPtr> Reverse(const ScalarCall& call) {
  std::string out;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& column) {
    const auto characters = text::SplitCharacters(call.arguments[0].GetString(i));
    out.clear();
    for (auto c = characters.rbegin(); c != characters.rend(); ++c) out.append(*c);
    column.AppendString(out);
    return Status::OK();
  });
}

Result<ColumnPtr> Translate(const ScalarCall& call) {
  std::string out;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& column) {
    const auto from = text::SplitCharacters(call.arguments[1].GetString(i));
    const auto to = text::SplitCharacters(call.arguments[2].GetString(i));
    out.clear();
    for (std::string_view c : text::SplitCharacters(call.arguments[0].GetString(i))) {
      const auto at = std::find(from.begin(), from.end(), c);
      if (at == from.end()) {
        out.append(c);
      } else if (static_cast<size_t>(at - from.begin()) < to.size()) {
        out.append(to[at - from.begin()]);
      }  // a character of `from` past the end of `to` is deleted
    }
    column.AppendString(out);
    return Status::OK();
  });
}

Result<ColumnPtr> SplitPart(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const std::string_view s = call.arguments[0].GetString(i);
    const std::string_view delimiter = call.arguments[1].GetString(i);
    const int64_t field = call.arguments[2].values<int64_t>()[i];
    if (field == 0) return Status::OutOfRange("field position must not be zero: {}", call.argument_sql(2));
    std::vector<std::string_view> fields;
    if (delimiter.empty()) {
      fields.push_back(s);  // PostgreSQL: the whole string is the one field
    } else {
      size_t at = 0;
      for (size_t next; (next = s.find(delimiter, at)) != std::string_view::npos; at = next + delimiter.size()) {
        fields.push_back(s.substr(at, next - at));
      }
      fields.push_back(s.substr(at));
    }
    const auto count = static_cast<int64_t>(fields.size());
    const int64_t index = field > 0 ? field - 1 : count + field;
    out.AppendString(index >= 0 && index < count && !s.empty() ? fields[index] : std::string_view());
    return Status::OK();
  });
}

Result<ColumnPtr> ConcatWs(const ScalarCall& call) {
  ColumnBuilder out(DataType::Varchar(), call.rows);
  std::string joined;
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!call.arguments[0].IsValid(i)) {
      out.AppendNull();
      continue;
    }
    joined.clear();
    bool first = true;
    for (size_t a = 1; a < call.arguments.size(); ++a) {
      if (!call.arguments[a].IsValid(i)) continue;
      if (!first) joined.append(call.arguments[0].GetString(i));
      joined.append(call.arguments[a].GetString(i));
      first = false;
    }
    out.AppendString(joined);
  }
  return out.Finish();
}

Result<Resolution> BindConcatWs(const CallSite& call) {
  const CallArgument& separator = call.arguments[0];
  if (separator.type.id == TypeId::kNull || (separator.constant && separator.constant->is_null)) {
    return Resolution::Null(DataType::Varchar());
  }
  if (separator.type.id != TypeId::kVarchar) {
    return Status::TypeError("concat_ws needs a VARCHAR separator, not {}, in {}", separator.type.ToString(),
                             call.text);
  }
  // The values as text; a NULL one is left out.
  Resolution r;
  r.type = DataType::Varchar();
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    const CallArgument& a = call.arguments[i];
    if (i > 0 && (a.type.id == TypeId::kNull || (a.constant && a.constant->is_null))) continue;
    r.arguments.push_back(static_cast<int>(i));
    r.argument_types.push_back(DataType::Varchar());
  }
  return r;
}

Result<Resolution> BindTexts3(const CallSite& call) {
  return text::BindKinds(call, {Kind::kText, Kind::kText, Kind::kText}, DataType::Varchar());
}
Result<Resolution> BindTextCount(const CallSite& call) {
  return text::BindKinds(call, {Kind::kText, Kind::kInteger, Kind::kText}, DataType::Varchar());
}
Result<Resolution> BindText(const CallSite& call) { return text::BindKinds(call, {Kind::kText}, DataType::Varchar()); }
Result<Resolution> BindSplitPart(const CallSite& call) {
  return text::BindKinds(call, {Kind::kText, Kind::kText, Kind::kInteger}, DataType::Varchar());
}

}  // namespace

Status RegisterTextEditFunctions(FunctionRegistry& registry) {
  using text::Function;
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("replace", {}, {{"VARCHAR, VARCHAR from, VARCHAR to", "VARCHAR"}},
                                              "every occurrence of from replaced by to", 3, 3, BindTexts3, Replace)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("left", {}, {{"VARCHAR, BIGINT", "VARCHAR"}},
                                              "the first n characters (all but the last -n when n < 0)", 2, 2,
                                              BindTextCount, Side<true>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("right", {}, {{"VARCHAR, BIGINT", "VARCHAR"}},
                                              "the last n characters (all but the first -n when n < 0)", 2, 2,
                                              BindTextCount, Side<false>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("lpad", {}, {{"VARCHAR, BIGINT length [, VARCHAR fill]", "VARCHAR"}},
                                              "filled on the left to the length (default fill ' '), or cut to it", 2, 3,
                                              BindTextCount, Pad<true>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("rpad", {}, {{"VARCHAR, BIGINT length [, VARCHAR fill]", "VARCHAR"}},
                                              "filled on the right to the length (default fill ' '), or cut to it", 2,
                                              3, BindTextCount, Pad<false>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("repeat", {}, {{"VARCHAR, BIGINT", "VARCHAR"}}, "the text n times over", 2, 2, BindTextCount, Repeat)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("reverse", {}, {{"VARCHAR", "VARCHAR"}}, "the characters in reverse order", 1, 1, BindText, Reverse)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("translate", {}, {{"VARCHAR, VARCHAR from, VARCHAR to", "VARCHAR"}},
                                              "each character of from replaced by the one at its place in to "
                                              "(deleted when to is shorter)",
                                              3, 3, BindTexts3, Translate)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("split_part", {}, {{"VARCHAR, VARCHAR delimiter, BIGINT n", "VARCHAR"}},
                                              "the n-th field between delimiters (from the end when n < 0)", 3, 3,
                                              BindSplitPart, SplitPart)));
  ScalarFunction concat_ws =
      Function("concat_ws", {}, {{"VARCHAR separator, ANY, ...", "VARCHAR"}},
               "the values that are not NULL as text, the separator between them", 1, -1, BindConcatWs, ConcatWs);
  concat_ws.usage = "takes a separator and values";
  return registry.Add(std::move(concat_ws));
}

}  // namespace orbit
