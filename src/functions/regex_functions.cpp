// Regular expressions through RE2: the operators ~, ~* (case-insensitive), !~ and !~*,
// regexp_like (what DuckDB calls regexp_matches; PostgreSQL's regexp_matches returns a
// set, so that name is left out rather than meaning something else), regexp_replace (the first match, every one with
// flag 'g'; \1..\9 and \& in the replacement, PostgreSQL's spelling), regexp_count and regexp_substr. A match is found
// anywhere in the text, as PostgreSQL's are. Flags are a constant of 'i' (case-insensitive), 'c' (case-sensitive) and,
// for regexp_replace, 'g'. A constant pattern is compiled once, by the bind rule (Resolution::state); a pattern that
// differs by row is compiled when it changes. RE2's syntax is Perl's, close to PostgreSQL's advanced expressions; an
// invalid pattern is an error that names it.
#include <re2/re2.h>

#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/infix_display.h"
#include "functions/text_call.h"

namespace orbit {

namespace {

// The bind rule's choices, as the variant's bits.
constexpr int kCaseInsensitive = 1;
constexpr int kGlobal = 2;
constexpr int kNegated = 4;

Result<std::shared_ptr<const RE2>> Compile(std::string_view pattern, int variant) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive((variant & kCaseInsensitive) == 0);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return Status::InvalidData("invalid regular expression '{}': {}", pattern, re->error());
  return re;
}

// The compiled pattern of each row: the bind rule's when the pattern is a constant, else
// compiled anew when the row's pattern differs from the last one.
class Patterns {
 public:
  explicit Patterns(const ScalarCall& call) : call_(call) {
    if (call.state != nullptr) fixed_ = static_cast<const RE2*>(call.state);
  }
  Result<const RE2*> At(int64_t row) {
    if (fixed_ != nullptr) return fixed_;
    const std::string_view pattern = call_.arguments[1].GetString(row);
    if (!last_ || pattern != last_pattern_) {
      ORBIT_ASSIGN_OR_RETURN(last_, Compile(pattern, call_.variant));
      last_pattern_ = pattern;
    }
    return last_.get();
  }

 private:
  const ScalarCall& call_;
  const RE2* fixed_ = nullptr;
  std::shared_ptr<const RE2> last_;
  std::string last_pattern_;
};

re2::StringPiece Piece(std::string_view s) { return {s.data(), s.size()}; }

Result<ColumnPtr> Like(const ScalarCall& call) {
  Patterns patterns(call);
  const bool negated = (call.variant & kNegated) != 0;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    ORBIT_ASSIGN_OR_RETURN(const RE2* re, patterns.At(i));
    out.AppendBool(RE2::PartialMatch(Piece(call.arguments[0].GetString(i)), *re) != negated);
    return Status::OK();
  });
}

// PostgreSQL's replacement text in RE2's: \1..\9 stay, \& (the whole match) is \0, \\ is
// one backslash, and a backslash before anything else is itself (PostgreSQL copies it).
std::string Rewrite(std::string_view replacement) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    const char next = i + 1 < replacement.size() ? replacement[i + 1] : '\0';
    if (c != '\\') {
      out += c;
    } else if (next >= '1' && next <= '9') {
      out += {'\\', next};
      ++i;
    } else if (next == '&') {
      out += "\\0";
      ++i;
    } else {
      out += "\\\\";
      i += next == '\\' ? 1 : 0;
    }
  }
  return out;
}

Result<ColumnPtr> Replace(const ScalarCall& call) {
  Patterns patterns(call);
  const bool global = (call.variant & kGlobal) != 0;
  std::string text;
  int64_t total = 0;
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    ORBIT_ASSIGN_OR_RETURN(const RE2* re, patterns.At(i));
    const std::string rewrite = Rewrite(call.arguments[2].GetString(i));
    std::string error;
    if (!re->CheckRewriteString(Piece(rewrite), &error)) {
      return Status::InvalidData("invalid replacement '{}' for regular expression '{}': {}",
                                 call.arguments[2].GetString(i), re->pattern(), error);
    }
    text.assign(call.arguments[0].GetString(i));
    if (global) {
      RE2::GlobalReplace(&text, *re, Piece(rewrite));
    } else {
      RE2::Replace(&text, *re, Piece(rewrite));
    }
    total += static_cast<int64_t>(text.size());
    if (static_cast<int64_t>(text.size()) > text::kMaxResultBytes || total > text::kMaxColumnBytes) {
      return Status::OutOfRange(
          "requested length too large: more than {} bytes in one value or {} in a column, from {}",
          text::kMaxResultBytes, text::kMaxColumnBytes, call.argument_sql(0));
    }
    out.AppendString(text);
    return Status::OK();
  });
}

// The byte offset of character `start` (from 1) of s, or nullopt when start < 1.
Result<size_t> StartOffset(const ScalarCall& call, std::string_view s, int64_t row) {
  if (call.arguments.size() < 3) return size_t{0};
  const int64_t start = call.arguments[2].values<int64_t>()[row];
  if (start < 1) return Status::OutOfRange("invalid value for parameter \"start\": {}", start);
  size_t offset = 0;
  for (int64_t k = 1; k < start && offset < s.size(); ++k) {
    offset += text::CharacterBytes(static_cast<unsigned char>(s[offset]));
  }
  return std::min(offset, s.size());
}

// Calls `found(match)` for each match of re in s from `offset` on, left to right, until it
// returns false; an empty match moves one character on.
template <typename Found>
void EachMatch(const RE2& re, std::string_view s, size_t offset, Found found) {
  re2::StringPiece match;
  while (offset <= s.size() && re.Match(Piece(s), offset, s.size(), RE2::UNANCHORED, &match, 1)) {
    const auto at = static_cast<size_t>(match.data() - s.data());
    if (!found(std::string_view(match.data(), match.size()))) return;
    offset = match.empty() ? at + (at < s.size() ? text::CharacterBytes(static_cast<unsigned char>(s[at])) : 1)
                           : at + match.size();
  }
}

Result<ColumnPtr> Count(const ScalarCall& call) {
  Patterns patterns(call);
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    ORBIT_ASSIGN_OR_RETURN(const RE2* re, patterns.At(i));
    const std::string_view s = call.arguments[0].GetString(i);
    ORBIT_ASSIGN_OR_RETURN(size_t offset, StartOffset(call, s, i));
    int32_t count = 0;
    EachMatch(*re, s, offset, [&](std::string_view) { return ++count, true; });
    out.AppendInt32(count);
    return Status::OK();
  });
}

Result<ColumnPtr> Substr(const ScalarCall& call) {
  Patterns patterns(call);
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    ORBIT_ASSIGN_OR_RETURN(const RE2* re, patterns.At(i));
    const std::string_view s = call.arguments[0].GetString(i);
    ORBIT_ASSIGN_OR_RETURN(size_t offset, StartOffset(call, s, i));
    const int64_t n = call.arguments.size() > 3 ? call.arguments[3].values<int64_t>()[i] : 1;
    if (n < 1) return Status::OutOfRange("invalid value for parameter \"n\": {}", n);
    std::optional<std::string_view> nth;
    int64_t seen = 0;
    EachMatch(*re, s, offset, [&](std::string_view m) {
      if (++seen == n) nth = m;
      return seen < n;
    });
    if (nth) {
      out.AppendString(*nth);
    } else {
      out.AppendNull();
    }
    return Status::OK();
  });
}

// The flags argument (a constant) as variant bits.
Result<int> Flags(const CallSite& call, const CallArgument& flags, bool allow_global) {
  if (!flags.constant) {
    return Status::NotSupported("regular expression flags other than a constant: {}", call.text);
  }
  int variant = 0;
  for (char c : flags.constant->string_value) {
    if (c == 'i') {
      variant |= kCaseInsensitive;
    } else if (c == 'c') {
      variant &= ~kCaseInsensitive;
    } else if (c == 'g' && allow_global) {
      variant |= kGlobal;
    } else {
      return Status::InvalidArgument("invalid regular expression option: \"{}\", in {}", c, call.text);
    }
  }
  return variant;
}

// text, pattern, then `more` arguments of the kinds given, then (at `flags_at`, when
// present) a constant flags argument; the constant pattern compiled once.
Result<Resolution> BindRegex(const CallSite& call, const std::vector<text::Kind>& kinds, size_t flags_at,
                             DataType result, int variant, bool allow_global) {
  const size_t reads = std::min(call.arguments.size(), flags_at);
  std::vector<CallArgument> read(call.arguments.begin(), call.arguments.begin() + static_cast<int64_t>(reads));
  ORBIT_ASSIGN_OR_RETURN(Resolution r, text::BindKinds(CallSite{call.name, call.text, read}, kinds, result));
  if (call.arguments.size() > flags_at) {
    const CallArgument& flags = call.arguments[flags_at];
    if (flags.type.id == TypeId::kNull || (flags.constant && flags.constant->is_null)) return Resolution::Null(result);
    if (flags.type.id != TypeId::kVarchar) {
      return Status::TypeError("{} needs VARCHAR flags, not {}, in {}", call.name, flags.type.ToString(), call.text);
    }
    ORBIT_ASSIGN_OR_RETURN(int chosen, Flags(call, flags, allow_global));
    variant |= chosen;
  }
  if (r.form != Resolution::Form::kCall) return r;
  r.variant = variant;
  const CallArgument& pattern = call.arguments[1];
  if (pattern.constant && !pattern.constant->is_null) {
    ORBIT_ASSIGN_OR_RETURN(std::shared_ptr<const RE2> re, Compile(pattern.constant->string_value, variant));
    r.state = std::move(re);
  }
  return r;
}

using text::Kind;

template <int kVariant>
Result<Resolution> BindMatchOperator(const CallSite& call) {
  return BindRegex(call, {Kind::kText, Kind::kText}, 2, DataType::Boolean(), kVariant, false);
}
Result<Resolution> BindLike(const CallSite& call) {
  return BindRegex(call, {Kind::kText, Kind::kText}, 2, DataType::Boolean(), 0, false);
}
Result<Resolution> BindReplace(const CallSite& call) {
  return BindRegex(call, {Kind::kText, Kind::kText, Kind::kText}, 3, DataType::Varchar(), 0, true);
}
Result<Resolution> BindCount(const CallSite& call) {
  return BindRegex(call, {Kind::kText, Kind::kText, Kind::kInteger}, 3, DataType::Int32(), 0, false);
}
Result<Resolution> BindSubstr(const CallSite& call) {
  return BindRegex(call, {Kind::kText, Kind::kText, Kind::kInteger, Kind::kInteger}, 4, DataType::Varchar(), 0, false);
}

ScalarFunction MatchOperator(std::string symbol, std::string description, ScalarBindRule bind) {
  ScalarFunction f;
  f.name = std::move(symbol);
  f.operator_only = true;
  f.signatures = {{"VARCHAR, VARCHAR pattern", "BOOLEAN"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 2;
  f.bind = bind;
  f.implementation = Like;
  f.display = ShowInfix;
  return f;
}

}  // namespace

Status RegisterRegexFunctions(FunctionRegistry& registry) {
  using text::Function;
  ORBIT_RETURN_IF_ERROR(registry.Add(
      MatchOperator("~", "whether the regular expression matches somewhere in the text", BindMatchOperator<0>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(MatchOperator("~*", "~ ignoring case", BindMatchOperator<kCaseInsensitive>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(MatchOperator("!~", "NOT (a ~ b)", BindMatchOperator<kNegated>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(MatchOperator("!~*", "NOT (a ~* b)", BindMatchOperator<kNegated | kCaseInsensitive>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("regexp_like", {}, {{"VARCHAR, VARCHAR pattern [, VARCHAR flags]", "BOOLEAN"}},
               "whether the regular expression matches somewhere in the text (flags 'i', 'c')", 2, 3, BindLike, Like)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("regexp_replace", {}, {{"VARCHAR, VARCHAR pattern, VARCHAR replacement [, VARCHAR flags]", "VARCHAR"}},
               "the first match (every one with flag 'g') replaced; \\1..\\9 and \\& in the replacement", 3, 4,
               BindReplace, Replace)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("regexp_count", {}, {{"VARCHAR, VARCHAR pattern [, BIGINT start [, VARCHAR flags]]", "INTEGER"}},
               "the number of matches, from character `start` on (default 1)", 2, 4, BindCount, Count)));
  return registry.Add(Function(
      "regexp_substr", {}, {{"VARCHAR, VARCHAR pattern [, BIGINT start [, BIGINT n [, VARCHAR flags]]]", "VARCHAR"}},
      "the n-th match (default the first) from character `start` on (default 1); NULL when none", 2, 5, BindSubstr,
      Substr));
}

}  // namespace orbit
