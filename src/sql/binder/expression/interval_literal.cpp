#include "sql/binder/expression/interval_literal.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"

namespace orbit {

namespace {

// PostgreSQL's INTERVAL field masks (1 << its field numbers), as in INTERVAL '3' DAY.
constexpr int64_t kMonthMask = 1 << 1;
constexpr int64_t kYearMask = 1 << 2;
constexpr int64_t kDayMask = 1 << 3;
constexpr int64_t kHourMask = 1 << 10;
constexpr int64_t kMinuteMask = 1 << 11;
constexpr int64_t kSecondMask = 1 << 12;

// The time part's bound (about 3,000 years): no sum of parts below it can overflow.
constexpr int64_t kMaxMicros = int64_t{100'000'000} * kMicrosPerSecond * 1000;

// The unit a bare number takes from the type: INTERVAL '3' MONTH.
const char* UnitOfMask(int64_t mask) {
  switch (mask) {
    case kYearMask: return "year";
    case kMonthMask: return "month";
    case kDayMask: return "day";
    case kHourMask: return "hour";
    case kMinuteMask: return "minute";
    case kSecondMask: return "second";
    default: return "";
  }
}

// Adds `n` `unit`s; false when the unit is unknown. The checks of the caller keep every
// part far from overflowing.
bool AddPart(IntervalParts* parts, int64_t n, std::string_view unit) {
  auto is = [&](std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
      if (unit == name) return true;
    }
    return false;
  };
  if (is({"year", "years", "y", "yr", "yrs"})) {
    parts->months += n * 12;
  } else if (is({"month", "months", "mon", "mons"})) {
    parts->months += n;
  } else if (is({"week", "weeks", "w"})) {
    parts->days += n * 7;
  } else if (is({"day", "days", "d"})) {
    parts->days += n;
  } else if (is({"hour", "hours", "h", "hr", "hrs"})) {
    parts->micros += n * kMicrosPerHour;
  } else if (is({"minute", "minutes", "m", "min", "mins"})) {
    parts->micros += n * kMicrosPerMinute;
  } else if (is({"second", "seconds", "s", "sec", "secs"})) {
    parts->micros += n * kMicrosPerSecond;
  } else if (is({"millisecond", "milliseconds", "ms", "msec", "msecs"})) {
    parts->micros += n * 1000;
  } else if (is({"microsecond", "microseconds", "us", "usec", "usecs"})) {
    parts->micros += n;
  } else {
    return false;
  }
  return true;
}

// Microseconds in one `unit` of a fixed length (weeks and shorter); 0 for months and years.
int64_t UnitMicros(std::string_view unit) {
  IntervalParts one;
  if (!AddPart(&one, 1, unit) || one.months != 0) return 0;
  return one.days * kMicrosPerDay + one.micros;
}

}  // namespace

bool IsIntervalLiteral(const ast::Expr& e) { return e.kind == ast::ExprKind::kCast && e.type.name() == "interval"; }

Result<IntervalParts> ParseIntervalLiteral(const ast::Expr& e) {
  const ast::Expr& arg = *e.children[0];
  if (!arg.IsStringLiteral()) return Status::NotSupported("INTERVAL of a non-literal value: {}", e.ToString());
  const std::string& text = arg.constant.text;
  auto invalid = [&] { return Status::TypeError("invalid INTERVAL literal '{}' in {}", text, e.ToString()); };
  IntervalParts parts;
  size_t pos = 0, count = 0;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  };
  auto read_number = [&]() -> std::optional<int64_t> {
    size_t start = pos;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    std::optional<int64_t> n = ParseInt64(std::string_view{text}.substr(start, pos - start));
    if (!n || *n > INT32_MAX || *n < -INT32_MAX) return std::nullopt;
    return n;
  };
  skip_space();
  while (pos < text.size()) {
    const bool negative = text[pos] == '-';
    std::optional<int64_t> n = read_number();
    if (!n) return invalid();
    ++count;
    // A fraction of a fixed-length unit: '1.5 hours', '0.25 seconds'.
    std::string fraction;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) fraction += text[pos++];
      if (fraction.empty()) return invalid();
      fraction.resize(std::min<size_t>(fraction.size(), 12));
    }
    if (pos < text.size() && text[pos] == ':') {
      // A time of day: [-]HH:MM[:SS[.ffffff]].
      ++pos;
      std::optional<int64_t> minutes = read_number(), seconds = 0;
      if (!minutes || *minutes < 0 || *minutes > 59) return invalid();
      int64_t fraction = 0;
      if (pos < text.size() && text[pos] == ':') {
        ++pos;
        seconds = read_number();
        if (!seconds || *seconds < 0 || *seconds > 59) return invalid();
        if (pos < text.size() && text[pos] == '.') {
          ++pos;
          int digits = 0;
          while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            if (digits++ < 6) fraction = fraction * 10 + (text[pos] - '0');
            ++pos;
          }
          if (digits == 0) return invalid();
          for (; digits < 6; ++digits) fraction *= 10;
        }
      }
      const int64_t magnitude =
          std::llabs(*n) * kMicrosPerHour + *minutes * kMicrosPerMinute + *seconds * kMicrosPerSecond + fraction;
      parts.micros += negative ? -magnitude : magnitude;
      if (std::llabs(parts.micros) > kMaxMicros) return invalid();
      skip_space();
      continue;
    }
    skip_space();
    std::string unit;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
    }
    skip_space();
    if (unit.empty()) {
      const int64_t mask = e.type.modifiers.size() == 1 ? e.type.modifiers[0] : 0;
      unit = UnitOfMask(mask);
      if (unit.empty() || pos < text.size() || count > 1) {
        return Status::NotSupported("INTERVAL without a unit (years, months, weeks, days, hours, minutes, seconds): {}",
                                    e.ToString());
      }
    }
    if (!AddPart(&parts, *n, unit)) return invalid();
    if (!fraction.empty()) {
      const int64_t unit_micros = UnitMicros(unit);
      if (unit_micros == 0) {
        return Status::NotSupported("INTERVAL with a fraction of a {} (whole months and years only): {}", unit,
                                    e.ToString());
      }
      const double share = std::stod("0." + fraction) * static_cast<double>(unit_micros);
      parts.micros += (negative ? -1 : 1) * std::llround(share);
    }
    if (std::llabs(parts.micros) > kMaxMicros) return invalid();
  }
  if (count == 0) return invalid();
  if (std::llabs(parts.months) > INT32_MAX || std::llabs(parts.days) > INT32_MAX) return invalid();
  // Timestamp arithmetic adds the days and the time as one count of microseconds (FixedMicros).
  int64_t day_micros = 0, fixed = 0;
  if (__builtin_mul_overflow(parts.days, kMicrosPerDay, &day_micros) ||
      __builtin_add_overflow(day_micros, parts.micros, &fixed)) {
    return Status::OutOfRange("INTERVAL literal '{}' is out of range in {}", text, e.ToString());
  }
  return parts;
}

}  // namespace orbit
