// Text -> value conversions on the CSV hot path. Each one reads the common canonical spelling
// ("-123", "45.60", "1998-12-01") straight from the field's bytes and hands anything unusual
// (spaces, '+', exponents, rounding, month ends) to the shared parsers in value_format.h, so
// CSV reads exactly the values SQL literals do.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"

namespace orbit {

namespace csv_detail {
inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
}  // namespace csv_detail

inline bool ParseCsvInt64(std::string_view text, int64_t* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  uint64_t value = 0;
  int digits = 0;
  // Up to 18 digits cannot overflow; longer numbers take the checked path.
  while (p < end && csv_detail::IsDigit(*p) && digits < 18) {
    value = value * 10 + static_cast<uint64_t>(*p++ - '0');
    ++digits;
  }
  if (p == end && digits > 0) {
    *out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
    return true;
  }
  auto parsed = ParseInt64(text);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

inline bool ParseCsvInt32(std::string_view text, int32_t* out) {
  int64_t wide;
  if (!ParseCsvInt64(text, &wide) || wide < INT32_MIN || wide > INT32_MAX) return false;
  *out = static_cast<int32_t>(wide);
  return true;
}

/// DECIMAL(precision, scale) with precision <= 18, as an int64 scaled by 10^scale.
inline bool ParseCsvDecimal64(std::string_view text, int precision, int scale, int64_t* out) {
  static constexpr int64_t kPow10[] = {1,
                                       10,
                                       100,
                                       1000,
                                       10000,
                                       100000,
                                       1000000,
                                       10000000,
                                       100000000,
                                       1000000000,
                                       10000000000,
                                       100000000000,
                                       1000000000000,
                                       10000000000000,
                                       100000000000000,
                                       1000000000000000,
                                       10000000000000000,
                                       100000000000000000,
                                       1000000000000000000};
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  int64_t value = 0;
  int int_digits = 0;
  int frac_digits = 0;
  // The fast path keeps at most 18 digits, so the scaled value always fits int64; longer
  // numbers, rounding and odd spellings take the general path.
  while (p < end && csv_detail::IsDigit(*p) && int_digits + scale < 18) {
    value = value * 10 + (*p++ - '0');
    ++int_digits;
  }
  if (p < end && *p == '.') {
    ++p;
    while (p < end && csv_detail::IsDigit(*p) && frac_digits < scale) {
      value = value * 10 + (*p++ - '0');
      ++frac_digits;
    }
  }
  if (p == end && int_digits + frac_digits > 0) {
    value *= kPow10[scale - frac_digits];
    if (value <= kPow10[precision] - 1) {
      *out = negative ? -value : value;
      return true;
    }
    return false;
  }
  auto parsed = ParseDecimal(text, precision, scale);
  if (!parsed) return false;
  *out = static_cast<int64_t>(*parsed);
  return true;
}

/// DECIMAL with precision above 18, as an int128 scaled by 10^scale.
inline bool ParseCsvDecimal128(std::string_view text, int precision, int scale, int128_t* out) {
  auto parsed = ParseDecimal(text, precision, scale);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

/// "YYYY-MM-DD" as days since 1970-01-01.
inline bool ParseCsvDate(std::string_view text, int32_t* out) {
  const char* p = text.data();
  auto digits = [p](int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; ++i) {
      if (!csv_detail::IsDigit(p[i])) return -1;
      value = value * 10 + (p[i] - '0');
    }
    return value;
  };
  if (text.size() == 10 && p[4] == '-' && p[7] == '-') {
    int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    // Every month has 28 days; later days need the calendar check of ParseDate.
    if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 28) {
      *out = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
      return true;
    }
  }
  auto parsed = ParseDate(text);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

/// A timestamp as ParseTimestamp reads it, in microseconds since 1970-01-01.
inline bool ParseCsvTimestamp(std::string_view text, int64_t* out) {
  auto parsed = ParseTimestamp(text);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

inline bool ParseCsvDouble(std::string_view text, double* out) {
  const char* end = text.data() + text.size();
  auto result = std::from_chars(text.data(), end, *out);
  if (result.ec == std::errc() && result.ptr == end && !text.empty()) return true;
  auto parsed = ParseDouble(text);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

inline bool ParseCsvBool(std::string_view text, bool* out) {
  auto equals_lower = [text](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if ((text[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (equals_lower("true")) {
    *out = true;
    return true;
  }
  if (equals_lower("false")) {
    *out = false;
    return true;
  }
  auto parsed = ParseBool(text);
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

}  // namespace orbit
