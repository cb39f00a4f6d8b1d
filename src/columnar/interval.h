// INTERVAL values as PostgreSQL keeps them: months, days and microseconds apart (a month
// is not a fixed number of days, nor a day of hours once time zones exist). Comparison,
// equality and hashing go by the span, as PostgreSQL's interval_cmp_value: a month counts
// as 30 days and a day as 24 hours, so '1 mon' = '30 days' although they print apart.
// Text in and out in PostgreSQL's default style ('1 year 2 mons 3 days 04:05:06').
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/data_type.h"
#include "common/status.h"

namespace orbit {

struct IntervalValue {
  int64_t micros = 0;
  int32_t days = 0;
  int32_t months = 0;

  friend bool operator==(const IntervalValue&, const IntervalValue&) = default;
};
static_assert(sizeof(IntervalValue) == 16, "an INTERVAL is stored in 16 bytes");

/// A column's 16 bytes (PhysicalType::kInt128) hold an IntervalValue as is.
inline int128_t PackInterval(const IntervalValue& v) {
  int128_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}
inline IntervalValue UnpackInterval(int128_t bits) {
  IntervalValue v;
  std::memcpy(static_cast<void*>(&v), &bits, sizeof v);
  return v;
}

constexpr int64_t kDaysPerMonth = 30;

/// The span that orders intervals: ((months * 30) + days) * 24h + micros, in microseconds.
inline int128_t IntervalSpan(const IntervalValue& v) {
  constexpr int128_t kDay = int128_t{86'400'000'000};
  return (int128_t{v.months} * kDaysPerMonth + v.days) * kDay + v.micros;
}
inline int128_t IntervalSpanOfBits(int128_t bits) { return IntervalSpan(UnpackInterval(bits)); }

/// Parses PostgreSQL's interval input: '1 year 2 mons', '3 days 04:05:06.5', '-00:00:01',
/// '1.5 hours', '@ 2 days ago', a bare number ('90', in `default_unit`: "second" unless the
/// type names one, as INTERVAL '90' DAY). Errors: 22007-style invalid text (InvalidData),
/// a field out of range (OutOfRange "interval field value out of range").
Result<IntervalValue> ParseInterval(std::string_view text, std::string_view default_unit = "second");
/// PostgreSQL's default output style: "1 year 2 mons 3 days 04:05:06", "-00:00:01", "00:00:00".
std::string FormatInterval(const IntervalValue& v);

/// Checked arithmetic, each an OutOfRange "interval out of range" on overflow.
Result<IntervalValue> IntervalAdd(const IntervalValue& a, const IntervalValue& b);
Result<IntervalValue> IntervalSubtract(const IntervalValue& a, const IntervalValue& b);
Result<IntervalValue> IntervalNegate(const IntervalValue& a);
/// PostgreSQL's interval_mul and interval_div: fractions of months cascade into days and of
/// days into time (a month as 30 days, a day as 24 hours).
Result<IntervalValue> IntervalMultiply(const IntervalValue& a, double factor);
Result<IntervalValue> IntervalDivide(const IntervalValue& a, double divisor);

/// justify_days (30 days to a month), justify_hours (24 hours to a day), justify_interval (both,
/// with the signs made to agree), as PostgreSQL's.
Result<IntervalValue> JustifyDays(const IntervalValue& a);
Result<IntervalValue> JustifyHours(const IntervalValue& a);
Result<IntervalValue> JustifyInterval(const IntervalValue& a);

/// timestamp - timestamp: the difference in days and time (24-hour days, no months), as PostgreSQL.
Result<IntervalValue> TimestampDifference(int64_t a, int64_t b);
/// timestamp + interval: months first (clamped to the month's end), then days, then the time;
/// nullopt when the result leaves TIMESTAMP's range.
std::optional<int64_t> TimestampPlusInterval(int64_t micros, const IntervalValue& v);
/// age(a, b): PostgreSQL's symbolic difference in years, months, days and time.
Result<IntervalValue> TimestampAge(int64_t a, int64_t b);

}  // namespace orbit
