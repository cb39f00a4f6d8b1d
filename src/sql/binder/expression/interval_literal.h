// INTERVAL literals as date and timestamp arithmetic takes them: INTERVAL '90' DAY,
// INTERVAL '1 year 2 months', INTERVAL '3 hours 30 minutes', INTERVAL '1 day 02:30:00'.
// Date and timestamp arithmetic with a literal reads it once at bind time into its three
// parts (months, days and microseconds, added in that order); elsewhere it is an INTERVAL value.
#pragma once

#include <cstdint>

#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

struct IntervalParts {
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;

  /// The days and the time as one count of microseconds (a day taken as 24 hours, as
  /// timestamp arithmetic without time zone does). ParseIntervalLiteral checks it fits.
  int64_t FixedMicros() const { return days * kMicrosPerDay + micros; }
};

/// Whether `e` is an INTERVAL literal (a cast of a string literal to INTERVAL).
bool IsIntervalLiteral(const ast::Expr& e);
/// The value of an INTERVAL literal (its type's field names the unit of a bare number).
Result<IntervalValue> IntervalLiteralValue(const ast::Expr& e);
/// The parts of an INTERVAL literal, or an error naming the literal.
Result<IntervalParts> ParseIntervalLiteral(const ast::Expr& e);

}  // namespace orbit
