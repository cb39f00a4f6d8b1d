// String functions over VARCHAR vectors: SUBSTRING, counting UTF-8 characters as
// PostgreSQL does (a start before 1 still counts the length from there).
#include <algorithm>

#include "exec/expression/expression_evaluator.h"

namespace orbit {

namespace {

// Bytes of the UTF-8 character starting with `lead` (1 for a stray continuation byte).
size_t CharacterBytes(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
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
    offset += CharacterBytes(static_cast<unsigned char>(s[offset]));
  }
  begin = std::min(begin, s.size());
  end = std::min(std::max(end, begin), s.size());
  return s.substr(begin, end - begin);
}

}  // namespace

Result<Vector> ExpressionEvaluator::EvaluateSubstring(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  std::vector<Vector> args;
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(*child, chunk));
    args.push_back(std::move(v));
  }
  const bool has_length = args.size() > 2;
  ColumnBuilder out(DataType::Varchar(), n);
  for (int64_t row = 0; row < n; ++row) {
    bool null = false;
    for (const Vector& a : args) null = null || !a.view.IsValid(row);
    if (null) {
      out.AppendNull();
      continue;
    }
    const int64_t start = args[1].view.values<int64_t>()[row];
    // PostgreSQL: characters [start, start + length), of those that exist.
    int64_t last = INT64_MAX;
    if (has_length) {
      const int64_t length = args[2].view.values<int64_t>()[row];
      if (length < 0) return Status::InvalidData("negative substring length not allowed");
      last = start > INT64_MAX - length ? INT64_MAX : start + length;
    }
    const int64_t first = std::max<int64_t>(start, 1);
    out.AppendString(last <= first ? std::string_view() : Characters(args[0].view.GetString(row), first, last));
  }
  return Vector::Of(out.Finish());
}

}  // namespace orbit
