// Scalar functions the binder cannot write with other expressions: round of a DOUBLE, and
// upper, lower, length and btrim/ltrim/rtrim (of spaces) over UTF-8 text. Case mapping covers ASCII and Latin-1 letters
// (U+00C0..U+00FE), the characters TPC-H-like data holds; others pass through unchanged.
// length counts characters (code points), not bytes, as PostgreSQL does.
#include <cmath>
#include <string>

#include "exec/expression/expression_evaluator.h"

namespace orbit {

namespace {

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

int32_t CharacterCount(std::string_view text) {
  int32_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// round(x, digits) as DuckDB computes it: halves away from zero, at `digits` decimals.
Result<Vector> RoundDoubles(const Vector& input, int64_t digits, int64_t n) {
  // Negative digits divide by 10^-digits: multiplying by 10^digits underflows to 0 far out
  // (round(42, -1000) is 0, not 42), and past 10^308 every double rounds to 0.
  if (digits < 0) {
    const double unit = std::pow(10.0, static_cast<double>(-digits));
    ColumnBuilder builder(DataType::Double(), n);
    for (int64_t i = 0; i < n; ++i) {
      if (!input.view.IsValid(i)) {
        builder.AppendNull();
        continue;
      }
      const double x = input.view.values<double>()[i];
      if (!std::isfinite(x)) {
        builder.AppendDouble(x);
        continue;
      }
      const double rounded = std::isfinite(unit) ? std::round(x / unit) * unit : 0.0;
      builder.AppendDouble(std::isfinite(rounded) ? rounded : x);
    }
    return Vector::Of(builder.Finish());
  }
  const double scale = std::pow(10.0, static_cast<double>(digits));
  ColumnBuilder builder(DataType::Double(), n);
  for (int64_t i = 0; i < n; ++i) {
    if (!input.view.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    const double x = input.view.values<double>()[i];
    double rounded = std::round(x * scale) / scale;
    builder.AppendDouble(std::isfinite(rounded) ? rounded : x);
  }
  return Vector::Of(builder.Finish());
}

}  // namespace

Result<Vector> ExpressionEvaluator::EvaluateScalarFunction(const Expr& expr, const Chunk& chunk) {
  ORBIT_ASSIGN_OR_RETURN(Vector input, Evaluate(*expr.children[0], chunk));
  const int64_t n = chunk.size;
  if (expr.name == "round") return RoundDoubles(input, expr.children[1]->constant.int_value, n);
  const bool length = expr.name == "length";
  ColumnBuilder builder(expr.type, n);
  std::string mapped;
  for (int64_t i = 0; i < n; ++i) {
    if (!input.view.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    std::string_view text = input.view.GetString(i);
    if (length) {
      builder.AppendInt32(CharacterCount(text));
      continue;
    }
    if (expr.name.ends_with("trim")) {
      const bool left = expr.name != "rtrim", right = expr.name != "ltrim";
      size_t begin = 0, end = text.size();
      while (left && begin < end && text[begin] == ' ') ++begin;
      while (right && end > begin && text[end - 1] == ' ') --end;
      builder.AppendString(text.substr(begin, end - begin));
      continue;
    }
    mapped.clear();
    AppendMappedCase(text, expr.name == "upper", mapped);
    builder.AppendString(mapped);
  }
  return Vector::Of(builder.Finish());
}

}  // namespace orbit
