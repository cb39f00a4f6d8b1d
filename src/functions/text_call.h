// What the text function families share: UTF-8 characters (PostgreSQL counts characters,
// not bytes), a bind rule from a list of argument kinds, and a loop over the rows that
// gives NULL for a NULL argument. Every text function is strict except concat and
// concat_ws, which take NULLs themselves.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "functions/scalar_function.h"

namespace orbit::text {

/// Bytes of the UTF-8 character starting with `lead` (1 for a stray continuation byte).
inline size_t CharacterBytes(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

/// The characters of `s`, each as its bytes.
inline std::vector<std::string_view> SplitCharacters(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = std::min(CharacterBytes(static_cast<unsigned char>(s[i])), s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

inline int64_t CountCharacters(std::string_view s) {
  int64_t count = 0;
  for (char c : s) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

/// The most bytes a function that makes text longer (repeat, lpad) may make in one value,
/// and in one column of results (whose offsets are 32-bit).
constexpr int64_t kMaxResultBytes = int64_t{1} << 28;
constexpr int64_t kMaxColumnBytes = INT32_MAX;

enum class Kind : uint8_t { kText, kInteger };

/// A bind rule's work for arguments of the kinds given (one per argument written; VARCHAR
/// for kText, INTEGER or BIGINT for kInteger, as BIGINT): their casts, or NULL of `result`
/// when one is NULL.
Result<Resolution> BindKinds(const CallSite& call, const std::vector<Kind>& kinds, DataType result);

/// Calls `row(i, out)` for each row whose arguments are all valid; `row` appends the row's
/// value to the ColumnBuilder `out` (or returns an error); other rows are NULL.
template <typename Row>
Result<ColumnPtr> EachRow(const ScalarCall& call, Row row) {
  ColumnBuilder out(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    bool valid = true;
    for (const ColumnView& a : call.arguments) valid = valid && a.IsValid(i);
    if (!valid) {
      out.AppendNull();
      continue;
    }
    ORBIT_RETURN_IF_ERROR(row(i, out));
  }
  return out.Finish();
}

/// A function of `kinds` arguments (the first `required` of them required) returning `result`.
ScalarFunction Function(std::string name, std::vector<std::string> aliases, std::vector<Signature> signatures,
                        std::string description, int required, int arguments, ScalarBindRule bind,
                        ScalarImplementation implementation);

}  // namespace orbit::text
