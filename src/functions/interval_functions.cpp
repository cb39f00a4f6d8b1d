// INTERVAL functions: the operators the binder resolves arithmetic and comparisons on
// intervals to (interval_operators.h), justify_days/justify_hours/justify_interval and
// age(ts, ts) / age(ts), all with PostgreSQL's rules (columnar/interval.h).
#include <fmt/format.h>

#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "common/statement_clock.h"
#include "functions/function_registry.h"
#include "functions/interval_operators.h"

namespace orbit {

namespace {

IntervalValue IntervalAt(const ColumnView& c, int64_t i) { return UnpackInterval(c.values<int128_t>()[i]); }

bool RowValid(const ScalarCall& call, int64_t i) {
  for (const ColumnView& a : call.arguments) {
    if (!a.IsValid(i)) return false;
  }
  return true;
}

// One row of an operator: an interval or a timestamp, or the error.
struct OperatorResult {
  IntervalValue interval;
  int64_t timestamp = 0;
};

Result<OperatorResult> ApplyOperator(IntervalOperator op, const ScalarCall& call, int64_t i) {
  const ColumnView& a = call.arguments[0];
  OperatorResult r;
  auto timestamp = [&](std::optional<int64_t> t) -> Result<OperatorResult> {
    if (!t) return Status::OutOfRange("timestamp out of range: {}", call.argument_sql(0));
    r.timestamp = *t;
    return r;
  };
  switch (op) {
    case IntervalOperator::kTimestampMinusTimestamp: {
      ORBIT_ASSIGN_OR_RETURN(r.interval,
                             TimestampDifference(a.values<int64_t>()[i], call.arguments[1].values<int64_t>()[i]));
      return r;
    }
    case IntervalOperator::kTimestampPlusInterval:
      return timestamp(TimestampPlusInterval(a.values<int64_t>()[i], IntervalAt(call.arguments[1], i)));
    case IntervalOperator::kTimestampMinusInterval: {
      ORBIT_ASSIGN_OR_RETURN(IntervalValue negated, IntervalNegate(IntervalAt(call.arguments[1], i)));
      return timestamp(TimestampPlusInterval(a.values<int64_t>()[i], negated));
    }
    case IntervalOperator::kIntervalPlusInterval: {
      ORBIT_ASSIGN_OR_RETURN(r.interval, IntervalAdd(IntervalAt(a, i), IntervalAt(call.arguments[1], i)));
      return r;
    }
    case IntervalOperator::kIntervalMinusInterval: {
      ORBIT_ASSIGN_OR_RETURN(r.interval, IntervalSubtract(IntervalAt(a, i), IntervalAt(call.arguments[1], i)));
      return r;
    }
    case IntervalOperator::kIntervalTimesNumber: {
      ORBIT_ASSIGN_OR_RETURN(r.interval, IntervalMultiply(IntervalAt(a, i), call.arguments[1].values<double>()[i]));
      return r;
    }
    case IntervalOperator::kIntervalDivideNumber: {
      ORBIT_ASSIGN_OR_RETURN(r.interval, IntervalDivide(IntervalAt(a, i), call.arguments[1].values<double>()[i]));
      return r;
    }
    case IntervalOperator::kNegateInterval: {
      ORBIT_ASSIGN_OR_RETURN(r.interval, IntervalNegate(IntervalAt(a, i)));
      return r;
    }
  }
  return Status::Internal("unknown interval operator {}", static_cast<int>(op));
}

Result<ColumnPtr> EvaluateOperator(const ScalarCall& call) {
  const auto op = static_cast<IntervalOperator>(call.variant);
  auto out = Column::Allocate(call.type, call.rows);
  const bool to_interval = call.type.is_interval();
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!RowValid(call, i)) {
      out->SetNull(i);
      if (to_interval) {
        out->mutable_values<int128_t>()[i] = 0;
      } else {
        out->mutable_values<int64_t>()[i] = 0;
      }
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(OperatorResult r, ApplyOperator(op, call, i));
    if (to_interval) {
      out->mutable_values<int128_t>()[i] = PackInterval(r.interval);
    } else {
      out->mutable_values<int64_t>()[i] = r.timestamp;
    }
  }
  return out;
}

std::string ShowOperator(std::string_view, int variant, const std::vector<std::string>& arguments) {
  switch (static_cast<IntervalOperator>(variant)) {
    case IntervalOperator::kNegateInterval: return fmt::format("(- {})", arguments[0]);
    case IntervalOperator::kTimestampPlusInterval:
    case IntervalOperator::kIntervalPlusInterval: return fmt::format("({} + {})", arguments[0], arguments[1]);
    case IntervalOperator::kIntervalTimesNumber: return fmt::format("({} * {})", arguments[0], arguments[1]);
    case IntervalOperator::kIntervalDivideNumber: return fmt::format("({} / {})", arguments[0], arguments[1]);
    default: return fmt::format("({} - {})", arguments[0], arguments[1]);
  }
}

Result<ColumnPtr> EvaluateSpan(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  auto out = Column::Allocate(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i)) {
      out->SetNull(i);
      out->mutable_values<int128_t>()[i] = 0;
      continue;
    }
    out->mutable_values<int128_t>()[i] = IntervalSpan(IntervalAt(a, i));
  }
  return out;
}

// A one-argument INTERVAL function of `Fn`'s rule.
template <Result<IntervalValue> (*Fn)(const IntervalValue&)>
Result<ColumnPtr> EvaluateJustify(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  auto out = Column::Allocate(DataType::Interval(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    out->mutable_values<int128_t>()[i] = 0;
    if (!a.IsValid(i)) {
      out->SetNull(i);
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(IntervalValue v, Fn(IntervalAt(a, i)));
    out->mutable_values<int128_t>()[i] = PackInterval(v);
  }
  return out;
}

Result<Resolution> BindJustify(const CallSite& call) {
  const DataType& type = call.arguments[0].type;
  if (type.id == TypeId::kNull) return Resolution::Null(DataType::Interval());
  if (!type.is_interval() && !call.arguments[0].string_literal) {
    return Status::TypeError("function {}({}) does not exist: {} takes an INTERVAL", call.name, type.ToString(),
                             call.name);
  }
  return Resolution::Call(DataType::Interval(), {DataType::Interval()});
}

// age(a, b), or age(b) from today's midnight (the statement's), as PostgreSQL.
Result<ColumnPtr> EvaluateAge(const ScalarCall& call) {
  const bool one = call.arguments.size() == 1;
  const int64_t midnight = TimestampDays(StatementStartMicros()) * kMicrosPerDay;
  auto out = Column::Allocate(DataType::Interval(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    out->mutable_values<int128_t>()[i] = 0;
    if (!RowValid(call, i)) {
      out->SetNull(i);
      continue;
    }
    const int64_t a = one ? midnight : call.arguments[0].values<int64_t>()[i];
    const int64_t b = call.arguments[one ? 0 : 1].values<int64_t>()[i];
    ORBIT_ASSIGN_OR_RETURN(IntervalValue v, TimestampAge(a, b));
    out->mutable_values<int128_t>()[i] = PackInterval(v);
  }
  return out;
}

Result<Resolution> BindAge(const CallSite& call) {
  std::vector<DataType> types;
  for (const CallArgument& argument : call.arguments) {
    if (argument.type.id == TypeId::kNull) return Resolution::Null(DataType::Interval());
    if (!argument.type.is_temporal() && !argument.string_literal) {
      return Status::TypeError("function age({}) does not exist: age takes TIMESTAMPs or DATEs: {}",
                               argument.type.ToString(), call.text);
    }
    types.push_back(DataType::Timestamp());
  }
  return Resolution::Call(DataType::Interval(), std::move(types));
}

ScalarFunction Justify(std::string name, std::string description, ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"INTERVAL", "INTERVAL"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 1;
  f.usage = "takes one INTERVAL";
  f.bind = BindJustify;
  f.implementation = implementation;
  return f;
}

}  // namespace

Status RegisterIntervalFunctions(FunctionRegistry& registry) {
  ScalarFunction op;
  op.name = kIntervalOperatorName;
  op.operator_only = true;
  op.signatures = {{"TIMESTAMP - TIMESTAMP", "INTERVAL"},
                   {"TIMESTAMP +|- INTERVAL", "TIMESTAMP"},
                   {"INTERVAL +|- INTERVAL", "INTERVAL"},
                   {"-INTERVAL", "INTERVAL"},
                   {"INTERVAL *|/ DOUBLE", "INTERVAL"}};
  op.description =
      "interval arithmetic as PostgreSQL's: months, days and time kept apart; a fraction of a month cascades to days "
      "(30 to a month) and of a day to time";
  op.min_arguments = 1;
  op.max_arguments = 2;
  op.usage = "takes one or two operands";
  // Bound by the arithmetic binder, which picks the variant; never called by name.
  op.bind = [](const CallSite& call) -> Result<Resolution> {
    return Status::Internal("{} is bound as an operator: {}", call.name, call.text);
  };
  op.implementation = EvaluateOperator;
  op.display = ShowOperator;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(op)));

  ScalarFunction span;
  span.name = kIntervalSpanName;
  span.operator_only = true;
  span.signatures = {{"INTERVAL =|<>|<|<=|>|>= INTERVAL", "BOOLEAN"}};
  span.description = "what comparisons of intervals compare: microseconds with a month as 30 days, a day as 24 hours";
  span.min_arguments = span.max_arguments = 1;
  span.usage = "takes one INTERVAL";
  span.bind = [](const CallSite&) -> Result<Resolution> {
    return Resolution::Call(DataType::Decimal(kMaxDecimalPrecision, 0), {DataType::Interval()});
  };
  span.implementation = EvaluateSpan;
  // EXPLAIN shows the comparison as written: a < b, not span(a) < span(b).
  span.display = [](std::string_view, int, const std::vector<std::string>& arguments) { return arguments[0]; };
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(span)));

  ORBIT_RETURN_IF_ERROR(
      registry.Add(Justify("justify_days", "30-day periods as months: justify_days(INTERVAL '35 days') = 1 mon 5 days",
                           EvaluateJustify<JustifyDays>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Justify("justify_hours", "24-hour periods as days: justify_hours(INTERVAL '27 hours') = 1 day 03:00:00",
              EvaluateJustify<JustifyHours>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Justify("justify_interval", "justify_days and justify_hours, with the signs made to agree",
                           EvaluateJustify<JustifyInterval>)));

  ScalarFunction age;
  age.name = "age";
  age.signatures = {{"TIMESTAMP, TIMESTAMP", "INTERVAL"}, {"TIMESTAMP", "INTERVAL"}};
  age.description =
      "the symbolic difference in years, months and days (PostgreSQL's): age(a, b); age(b) counts from today's "
      "midnight (UTC)";
  age.min_arguments = 1;
  age.max_arguments = 2;
  age.usage = "takes one or two timestamps";
  age.bind = BindAge;
  age.implementation = EvaluateAge;
  return registry.Add(std::move(age));
}

}  // namespace orbit
