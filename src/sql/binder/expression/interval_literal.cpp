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

}  // namespace

bool IsIntervalLiteral(const ast::Expr& e) {
  // '{1 day}'::interval[] is an array's text, not an interval literal.
  return e.kind == ast::ExprKind::kCast && e.type.name() == "interval" && e.type.array_bounds.empty() &&
         e.children[0]->IsStringLiteral();
}

Result<IntervalValue> IntervalLiteralValue(const ast::Expr& e) {
  const ast::Expr& arg = *e.children[0];
  if (!arg.IsStringLiteral()) return Status::NotSupported("INTERVAL of a non-literal value: {}", e.ToString());
  // A bare number takes the unit the type names (INTERVAL '3' DAY), else seconds, as PostgreSQL.
  const int64_t mask = e.type.modifiers.size() == 1 ? e.type.modifiers[0] : 0;
  const std::string_view unit = UnitOfMask(mask);
  return ParseInterval(arg.constant.text, unit.empty() ? "second" : unit);
}

Result<IntervalParts> ParseIntervalLiteral(const ast::Expr& e) {
  ORBIT_ASSIGN_OR_RETURN(IntervalValue value, IntervalLiteralValue(e));
  const std::string& text = e.children[0]->constant.text;
  IntervalParts parts{value.months, value.days, value.micros};
  // Timestamp arithmetic adds the days and the time as one count of microseconds (FixedMicros).
  int64_t day_micros = 0, fixed = 0;
  if (__builtin_mul_overflow(parts.days, kMicrosPerDay, &day_micros) ||
      __builtin_add_overflow(day_micros, parts.micros, &fixed)) {
    return Status::OutOfRange("INTERVAL literal '{}' is out of range in {}", text, e.ToString());
  }
  return parts;
}

}  // namespace orbit
