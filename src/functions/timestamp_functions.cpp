// Timestamp functions: date_trunc, now() and its SQL spellings, make_timestamp,
// to_timestamp and date_diff (text formats: timestamp_text_functions.cpp). Orbit's TIMESTAMP has no time zone: the
// clock's functions give UTC (PostgreSQL gives a TIMESTAMP WITH TIME ZONE shown in the session's zone).
#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/statement_clock.h"
#include "functions/function_registry.h"
#include "functions/temporal_arguments.h"

namespace orbit {

namespace {

std::string Lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A constant field name among `fields` (its index), or an error naming the choices.
template <size_t N>
Result<int> FieldArgument(const CallSite& call, const std::array<const char*, N>& fields) {
  const CallArgument& argument = call.arguments[0];
  if (!argument.constant || argument.constant->type.id != TypeId::kVarchar || argument.constant->is_null) {
    return Status::NotSupported("{} with a field that is not a constant text: {}", call.name, call.text);
  }
  const std::string field = Lowered(argument.constant->string_value);
  for (size_t i = 0; i < N; ++i) {
    if (field == fields[i]) return static_cast<int>(i);
  }
  std::string choices;
  for (const char* f : fields) choices += (choices.empty() ? "" : ", ") + std::string(f);
  return Status::InvalidArgument("{} field \"{}\" is not one of {}: {}", call.name, field, choices, call.text);
}

// --- date_trunc -----------------------------------------------------------------------

constexpr std::array<const char*, 13> kTruncFields = {"microseconds", "milliseconds", "second",    "minute",  "hour",
                                                      "day",          "week",         "month",     "quarter", "year",
                                                      "decade",       "century",      "millennium"};

int64_t FloorTo(int64_t micros, int64_t unit) { return micros - (micros % unit + unit) % unit; }

// The first year of `year`'s period of `length` years, as PostgreSQL counts decades (from
// year 0), centuries and millennia (from year 1); astronomical years (0 is 1 BC).
int64_t PeriodStart(int64_t year, int64_t length, int64_t first) {
  const int64_t offset = year - first;
  return first + (offset >= 0 ? offset / length : -((-offset + length - 1) / length)) * length;
}

int64_t Truncate(int field, int64_t micros) {
  switch (field) {
    case 0: return micros;
    case 1: return FloorTo(micros, 1000);
    case 2: return FloorTo(micros, kMicrosPerSecond);
    case 3: return FloorTo(micros, kMicrosPerMinute);
    case 4: return FloorTo(micros, kMicrosPerHour);
    case 5: return FloorTo(micros, kMicrosPerDay);
    case 6: {
      // ISO weeks start on Monday; 1970-01-05 was one.
      const int64_t monday = DaysFromCivil(1970, 1, 5);
      const int64_t days = TimestampDays(micros) - monday;
      return (TimestampDays(micros) - ((days % 7) + 7) % 7) * kMicrosPerDay;
    }
    default: {
      CivilTime c = CivilFromTimestamp(micros);
      CivilTime start;
      start.year = c.year;
      switch (field) {
        case 7: start.month = c.month; break;
        case 8: start.month = (c.month - 1) / 3 * 3 + 1; break;
        case 9: break;
        case 10: start.year = PeriodStart(c.year, 10, 0); break;
        case 11: start.year = PeriodStart(c.year, 100, c.year > 0 ? 1 : 0); break;
        default: start.year = PeriodStart(c.year, 1000, c.year > 0 ? 1 : 0); break;
      }
      // The start of a period before PostgreSQL's first day is that first day.
      return TimestampFromCivil(start).value_or(MinTimestamp());
    }
  }
}

Result<Resolution> BindDateTrunc(const CallSite& call) {
  ORBIT_ASSIGN_OR_RETURN(int field, FieldArgument(call, kTruncFields));
  ORBIT_ASSIGN_OR_RETURN(DataType input, TemporalArgument(call, 1));
  if (call.arguments[1].type.id == TypeId::kNull) return Resolution::Null(DataType::Timestamp());
  Resolution r;
  r.type = DataType::Timestamp();
  r.arguments = {1};
  r.argument_types = {input};
  r.variant = field;
  return r;
}

Result<ColumnPtr> DateTrunc(const ScalarCall& call) {
  const ColumnView& input = call.arguments[0];
  auto out = Column::Allocate(DataType::Timestamp(), call.rows);
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    if (!input.IsValid(i)) {
      out->SetNull(i);
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(const int64_t micros, MicrosAt(input, i));
    r[i] = Truncate(call.variant, micros);
  }
  return out;
}

// --- the clock --------------------------------------------------------------------------

Result<ColumnPtr> Now(const ScalarCall& call) {
  auto out = Column::Allocate(DataType::Timestamp(), call.rows);
  std::fill_n(out->mutable_values<int64_t>(), call.rows, StatementStartMicros());
  return out;
}

// --- make_timestamp and to_timestamp ----------------------------------------------------

Result<ColumnPtr> MakeTimestamp(const ScalarCall& call) {
  auto out = Column::Allocate(DataType::Timestamp(), call.rows);
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    bool valid = true;
    for (const ColumnView& a : call.arguments) valid = valid && a.IsValid(i);
    if (!valid) {
      out->SetNull(i);
      continue;
    }
    int64_t fields[5];
    for (int f = 0; f < 5; ++f) fields[f] = call.arguments[f].values<int64_t>()[i];
    const double seconds = call.arguments[5].values<double>()[i];
    CivilTime c;
    c.year = fields[0] > 0 ? fields[0] : fields[0] + 1;  // PostgreSQL: negative years are BC
    const bool fields_fit = fields[0] != 0 && fields[1] >= 1 && fields[1] <= 12 && fields[2] >= 1 && fields[2] <= 31 &&
                            fields[3] >= 0 && fields[3] <= 24 && fields[4] >= 0 && fields[4] <= 59;
    const double whole = std::floor(seconds);
    std::optional<int64_t> micros;
    if (fields_fit && std::isfinite(seconds) && seconds >= 0 && seconds < 60) {
      c.month = static_cast<unsigned>(fields[1]);
      c.day = static_cast<unsigned>(fields[2]);
      c.hour = static_cast<unsigned>(fields[3]);
      c.minute = static_cast<unsigned>(fields[4]);
      c.second = static_cast<unsigned>(whole);
      c.microsecond = std::llround((seconds - whole) * 1e6);
      const int64_t carry = c.microsecond == kMicrosPerSecond ? kMicrosPerSecond : 0;
      if (carry != 0) c.microsecond = 0;
      micros = TimestampFromCivil(c);
      if (micros) micros = TimestampAddMicros(*micros, carry);
    }
    if (!micros) {
      return Status::OutOfRange("date field value out of range: {}-{}-{} {}:{}:{} in make_timestamp", fields[0],
                                fields[1], fields[2], fields[3], fields[4], FormatDouble(seconds));
    }
    r[i] = *micros;
  }
  return out;
}

Result<ColumnPtr> ToTimestamp(const ScalarCall& call) {
  if (call.arguments.size() == 2) return ParseTemplated(call);
  const ColumnView& seconds = call.arguments[0];
  auto out = Column::Allocate(DataType::Timestamp(), call.rows);
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    if (!seconds.IsValid(i)) {
      out->SetNull(i);
      continue;
    }
    const double s = seconds.values<double>()[i];
    const double micros = std::nearbyint(s * 1e6);
    if (!std::isfinite(micros) || micros < static_cast<double>(MinTimestamp()) ||
        micros > static_cast<double>(MaxTimestamp())) {
      return Status::OutOfRange("timestamp out of range: to_timestamp({})", call.argument_sql(0));
    }
    r[i] = static_cast<int64_t>(micros);
  }
  return out;
}

// --- date_bin and time_bucket ------------------------------------------------------------

int64_t FloorDivide(int128_t a, int64_t b) {
  int128_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return static_cast<int64_t>(q);
}

// The stride of date_bin/time_bucket: an INTERVAL literal of a positive length, as its
// months (time_bucket only) or microseconds.
Result<Resolution> BindBins(const CallSite& call, bool months_allowed) {
  const CallArgument& stride = call.arguments[0];
  if (!stride.interval) return Status::TypeError("{} takes an INTERVAL stride first: {}", call.name, call.text);
  const int64_t months = stride.interval_months, micros = stride.constant->int_value;
  if (months != 0 && (!months_allowed || micros != 0)) {
    if (months_allowed)
      return Status::NotSupported("{} with a stride of months and days together: {}", call.name, call.text);
    return Status::NotSupported("{}: timestamps cannot be binned into intervals containing months or years: {}",
                                call.name, call.text);
  }
  if (months < 0 || micros < 0 || (months == 0 && micros == 0)) {
    return Status::InvalidArgument("{}: stride must be greater than zero: {}", call.name, call.text);
  }
  std::vector<DataType> types = {DataType::Int64()};
  for (size_t i = 1; i < call.arguments.size(); ++i) {
    if (call.arguments[i].type.id == TypeId::kNull) return Resolution::Null(DataType::Timestamp());
    ORBIT_ASSIGN_OR_RETURN(DataType t, TemporalArgument(call, i));
    types.push_back(t);
  }
  // DuckDB's time_bucket of a DATE is a DATE; PostgreSQL's date_bin reads a DATE as a TIMESTAMP.
  const bool date = months_allowed && types[1].id == TypeId::kDate;
  Resolution r = Resolution::Call(date ? DataType::Date() : DataType::Timestamp(), std::move(types));
  r.variant = static_cast<int>(months);  // 0: a stride of microseconds (argument 0)
  return r;
}

// The start of the bin of `micros`: bins of `stride` microseconds, or of `months` months,
// counted from `origin`.
std::optional<int64_t> BinStart(int64_t micros, int64_t origin, int64_t stride, int64_t months) {
  if (months == 0) {
    const int64_t bins = FloorDivide(static_cast<int128_t>(micros) - origin, stride);
    const int128_t start = static_cast<int128_t>(origin) + static_cast<int128_t>(bins) * stride;
    if (start < MinTimestamp() || start > MaxTimestamp()) return std::nullopt;
    return static_cast<int64_t>(start);
  }
  const CivilTime t = CivilFromTimestamp(micros), o = CivilFromTimestamp(origin);
  int64_t apart = (t.year * 12 + t.month) - (o.year * 12 + o.month);
  // Within its month, a time before the origin's day and time belongs to the month before.
  std::optional<int64_t> same_month = TimestampAddMonths(origin, apart);
  if (same_month && *same_month > micros) --apart;
  return TimestampAddMonths(origin, FloorDivide(apart, months) * months);
}

Result<ColumnPtr> Bins(const ScalarCall& call, int64_t default_origin) {
  const ColumnView& stride = call.arguments[0];
  const ColumnView& source = call.arguments[1];
  const ColumnView* origin = call.arguments.size() > 2 ? &call.arguments[2] : nullptr;
  const bool date = call.type.id == TypeId::kDate;
  auto out = Column::Allocate(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    std::optional<int64_t> start = 0;
    if (!source.IsValid(i) || (origin != nullptr && !origin->IsValid(i))) {
      out->SetNull(i);
    } else {
      int64_t from = default_origin;
      if (origin != nullptr) {
        ORBIT_ASSIGN_OR_RETURN(from, MicrosAt(*origin, i));
      }
      ORBIT_ASSIGN_OR_RETURN(const int64_t micros, MicrosAt(source, i));
      start = BinStart(micros, from, stride.values<int64_t>()[i], call.variant);
      if (!start) return Status::OutOfRange("timestamp out of range in {}", call.argument_sql(1));
    }
    if (date) {
      out->mutable_values<int32_t>()[i] = static_cast<int32_t>(TimestampDays(*start));
    } else {
      out->mutable_values<int64_t>()[i] = *start;
    }
  }
  return out;
}

Result<ColumnPtr> DateBin(const ScalarCall& call) { return Bins(call, 0); }

// DuckDB's default origins: 2000-01-03 (a Monday) for strides of days and shorter,
// 2000-01-01 for months.
Result<ColumnPtr> TimeBucket(const ScalarCall& call) {
  const int64_t origin = (call.variant != 0 ? DaysFromCivil(2000, 1, 1) : DaysFromCivil(2000, 1, 3)) * kMicrosPerDay;
  return Bins(call, origin);
}

// --- date_diff ----------------------------------------------------------------------------

constexpr std::array<const char*, 9> kDiffParts = {"microsecond", "millisecond", "second",  "minute", "hour",
                                                   "day",         "month",       "quarter", "year"};

// The boundaries of `part` crossed from a to b (DuckDB's date_diff); nullopt when the count of
// microseconds between the ends of the range overflows.
std::optional<int64_t> PartsBetween(int part, int64_t a, int64_t b) {
  static constexpr int64_t kUnits[] = {1, 1000, kMicrosPerSecond, kMicrosPerMinute, kMicrosPerHour, kMicrosPerDay};
  if (part < 6) {
    const int64_t unit = kUnits[part];
    auto floor = [unit](int64_t v) { return v / unit - (v % unit < 0); };
    int64_t between = 0;
    if (__builtin_sub_overflow(floor(b), floor(a), &between)) return std::nullopt;
    return between;
  }
  const CivilTime x = CivilFromTimestamp(a), y = CivilFromTimestamp(b);
  const int64_t months = (y.year * 12 + y.month) - (x.year * 12 + x.month);
  if (part == 6) return months;
  if (part == 7) return (y.year * 4 + (y.month - 1) / 3) - (x.year * 4 + (x.month - 1) / 3);
  return y.year - x.year;
}

Result<Resolution> BindDateDiff(const CallSite& call) {
  ORBIT_ASSIGN_OR_RETURN(int part, FieldArgument(call, kDiffParts));
  ORBIT_ASSIGN_OR_RETURN(DataType a, TemporalArgument(call, 1));
  ORBIT_ASSIGN_OR_RETURN(DataType b, TemporalArgument(call, 2));
  if (call.arguments[1].type.id == TypeId::kNull || call.arguments[2].type.id == TypeId::kNull) {
    return Resolution::Null(DataType::Int64());
  }
  Resolution r;
  r.type = DataType::Int64();
  r.arguments = {1, 2};
  r.argument_types = {a, b};
  r.variant = part;
  return r;
}

Result<ColumnPtr> DateDiff(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& b = call.arguments[1];
  auto out = Column::Allocate(DataType::Int64(), call.rows);
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    if (!a.IsValid(i) || !b.IsValid(i)) {
      out->SetNull(i);
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(const int64_t from, MicrosAt(a, i));
    ORBIT_ASSIGN_OR_RETURN(const int64_t to, MicrosAt(b, i));
    const std::optional<int64_t> between = PartsBetween(call.variant, from, to);
    if (!between) {
      return Status::OutOfRange("date_diff between {} and {} is out of range for BIGINT", call.argument_sql(0),
                                call.argument_sql(1));
    }
    r[i] = *between;
  }
  return out;
}

ScalarFunction Clock(std::string name, std::vector<std::string> aliases, std::string description) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = {{"", "TIMESTAMP"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 0;
  f.usage = "takes no arguments";
  f.bind = [](const CallSite&) -> Result<Resolution> { return Resolution::Call(DataType::Timestamp(), {}); };
  f.implementation = Now;  // a call without arguments folds when bound: once per statement
  return f;
}

}  // namespace

Status RegisterTimestampFunctions(FunctionRegistry& registry) {
  ScalarFunction trunc;
  trunc.name = "date_trunc";
  trunc.signatures = {
      {"'microseconds'|'milliseconds'|'second'|'minute'|'hour'|'day'|'week'|'month'|'quarter'|"
       "'year'|'decade'|'century'|'millennium', DATE|TIMESTAMP",
       "TIMESTAMP"}};
  trunc.description = "the timestamp rounded down to the start of its field: date_trunc('month', t)";
  trunc.min_arguments = trunc.max_arguments = 2;
  trunc.usage = "takes a field name and a date or timestamp";
  trunc.bind = BindDateTrunc;
  trunc.implementation = DateTrunc;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(trunc)));

  ORBIT_RETURN_IF_ERROR(registry.Add(
      Clock("now", {"current_timestamp", "localtimestamp", "transaction_timestamp", "statement_timestamp"},
            "the time the statement started (UTC; Orbit has no time zones yet), the same for the whole statement")));

  ScalarFunction make;
  make.name = "make_timestamp";
  make.signatures = {{"BIGINT year, BIGINT month, BIGINT day, BIGINT hour, BIGINT minute, DOUBLE second", "TIMESTAMP"}};
  make.description = "the timestamp of the fields given (a negative year is BC)";
  make.min_arguments = make.max_arguments = 6;
  make.usage = "takes year, month, day, hour, minute and seconds";
  make.bind = [](const CallSite& call) -> Result<Resolution> {
    for (const CallArgument& a : call.arguments) {
      if (a.type.id == TypeId::kNull) return Resolution::Null(DataType::Timestamp());
      if (!a.type.is_numeric() && !a.string_literal) {
        return Status::TypeError("make_timestamp takes numbers, not {}: {}", a.type.ToString(), call.text);
      }
    }
    for (size_t i = 0; i < 5; ++i) {
      if (!call.arguments[i].type.is_integer() && !call.arguments[i].string_literal) {
        return Status::TypeError("make_timestamp takes whole numbers before the seconds: {}", call.text);
      }
    }
    DataType whole = DataType::Int64();
    return Resolution::Call(DataType::Timestamp(), {whole, whole, whole, whole, whole, DataType::Double()});
  };
  make.implementation = MakeTimestamp;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(make)));

  ScalarFunction to_timestamp;
  to_timestamp.name = "to_timestamp";
  to_timestamp.signatures = {{"DOUBLE", "TIMESTAMP"}, {"VARCHAR, VARCHAR", "TIMESTAMP"}};
  to_timestamp.description =
      "the timestamp (UTC) of a number of seconds since 1970-01-01 00:00:00, or of a text read by a PostgreSQL "
      "template: to_timestamp('05 Mar 2024 14:07', 'DD Mon YYYY HH24:MI')";
  to_timestamp.min_arguments = 1;
  to_timestamp.max_arguments = 2;
  to_timestamp.usage = "takes seconds since 1970-01-01, or a text and a template";
  to_timestamp.bind = [](const CallSite& call) -> Result<Resolution> {
    if (call.arguments.size() == 2) return BindTemplated(call, DataType::Timestamp());
    const DataType& t = call.arguments[0].type;
    if (t.id == TypeId::kNull) return Resolution::Null(DataType::Timestamp());
    if (!t.is_numeric()) return Status::TypeError("to_timestamp takes a number, not {}: {}", t.ToString(), call.text);
    return Resolution::Call(DataType::Timestamp(), {DataType::Double()});
  };
  to_timestamp.implementation = ToTimestamp;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(to_timestamp)));

  ScalarFunction bin;
  bin.name = "date_bin";
  bin.takes_interval = true;
  bin.signatures = {{"INTERVAL stride, TIMESTAMP source, TIMESTAMP origin", "TIMESTAMP"}};
  bin.description =
      "the start of the stride-long bin from origin that holds source: date_bin(INTERVAL '15 minutes', t, "
      "TIMESTAMP '2001-01-01')";
  bin.min_arguments = bin.max_arguments = 3;
  bin.usage = "takes an INTERVAL stride, a timestamp and an origin";
  bin.bind = [](const CallSite& call) { return BindBins(call, /*months_allowed=*/false); };
  bin.implementation = DateBin;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(bin)));

  ScalarFunction bucket;
  bucket.name = "time_bucket";
  bucket.takes_interval = true;
  bucket.signatures = {{"INTERVAL width, TIMESTAMP [, TIMESTAMP origin]", "TIMESTAMP"}};
  bucket.description =
      "the start of the bucket that holds the timestamp (DuckDB's): time_bucket(INTERVAL '1 week', t), buckets of "
      "months too";
  bucket.min_arguments = 2;
  bucket.max_arguments = 3;
  bucket.usage = "takes an INTERVAL width, a timestamp and optionally an origin";
  bucket.bind = [](const CallSite& call) { return BindBins(call, /*months_allowed=*/true); };
  bucket.implementation = TimeBucket;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(bucket)));

  ScalarFunction diff;
  diff.name = "date_diff";
  diff.aliases = {"datediff"};
  diff.signatures = {
      {"'microsecond'|'millisecond'|'second'|'minute'|'hour'|'day'|'month'|'quarter'|'year', "
       "DATE|TIMESTAMP, DATE|TIMESTAMP",
       "BIGINT"}};
  diff.description = "how many boundaries of the part lie between the two times (DuckDB's): date_diff('day', a, b)";
  diff.min_arguments = diff.max_arguments = 3;
  diff.usage = "takes a part name and two dates or timestamps";
  diff.bind = BindDateDiff;
  diff.implementation = DateDiff;
  return registry.Add(std::move(diff));
}

}  // namespace orbit
