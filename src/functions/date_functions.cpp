// Date functions: EXTRACT(field FROM date|timestamp) and date_part('field', ...) for
// PostgreSQL's fields (BIGINT, except a timestamp's second, milliseconds and epoch, which
// are exact DECIMALs with their fraction, as PostgreSQL's numeric); current_date. (DATE +
// INTEGER and DATE +/- INTERVAL are operators, bound as date arithmetic.)
#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/statement_clock.h"
#include "functions/function_registry.h"

namespace orbit {

namespace {

// The fields, in the order of Resolution::variant; those from kFirstTimeField on are a
// timestamp's only.
constexpr std::array<const char*, 18> kFields = {
    "year",  "quarter", "month",   "day",        "dow",  "isodow", "doy",    "week",         "isoyear",
    "epoch", "decade",  "century", "millennium", "hour", "minute", "second", "milliseconds", "microseconds"};
constexpr int kEpochField = 9;
constexpr int kFirstTimeField = 13;

// PostgreSQL's rule for the periods of years before 1 AD (year 0 is 1 BC): no period 0.
int64_t Period(int64_t year, int64_t length, int64_t offset) {
  return year > 0 ? (year + offset) / length : -((offset - (year - 1)) / length);
}

int64_t DateField(int variant, int32_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  const int64_t dow = ((static_cast<int64_t>(days) % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
  const int64_t isodow = dow == 0 ? 7 : dow;
  switch (variant) {
    case 0: return year > 0 ? year : year - 1;  // there is no year 0: 1 BC is -1
    case 1: return (month + 2) / 3;
    case 2: return month;
    case 3: return day;
    case 4: return dow;
    case 5: return isodow;
    case 6: return days - DaysFromCivil(year, 1, 1) + 1;
    case 7:
    case 8: {
      // ISO 8601: a week belongs to the year of its Thursday.
      const int32_t thursday = static_cast<int32_t>(days - isodow + 4);
      int64_t iso_year;
      unsigned m, d;
      CivilFromDays(thursday, &iso_year, &m, &d);
      if (variant == 8) return iso_year;
      return (thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1;
    }
    case 9: return static_cast<int64_t>(days) * 86400;
    case 10: return year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
    case 11: return Period(year, 100, 99);
    default: return Period(year, 1000, 999);
  }
}

// A field of a timestamp, as the scaled integer of its result type (second: microseconds
// of the minute at scale 6; milliseconds: the same at scale 3; epoch: microseconds at scale 6).
int64_t TimestampField(int variant, int64_t micros) {
  const int64_t days = TimestampDays(micros);
  const int64_t of_day = micros - days * kMicrosPerDay;
  switch (variant) {
    case kEpochField: return micros;
    case 13: return of_day / kMicrosPerHour;
    case 14: return of_day % kMicrosPerHour / kMicrosPerMinute;
    case 15:
    case 16:
    case 17: return of_day % kMicrosPerMinute;
    default: return DateField(variant, static_cast<int32_t>(days));
  }
}

// A field of an interval, as PostgreSQL's interval_part: the parts as they are kept (a
// month is not 30 days here), the time's fields from its microseconds, epoch with a year
// as 365.25 days and a month as 30; scaled as TimestampField's.
int128_t IntervalField(int variant, const IntervalValue& v) {
  const int64_t years = v.months / 12;
  switch (variant) {
    case 0: return years;
    case 1: return v.months % 12 / 3 + 1;
    case 2: return v.months % 12;
    case 3: return v.days;
    case kEpochField: {
      const int128_t seconds =
          int128_t{31'557'600} * years + int128_t{2'592'000} * (v.months % 12) + int128_t{86'400} * v.days;
      return seconds * kMicrosPerSecond + v.micros;
    }
    case 10: return years / 10;
    case 11: return years / 100;
    case 12: return years / 1000;
    case 13: return v.micros / kMicrosPerHour;
    case 14: return v.micros / kMicrosPerMinute % 60;
    default: return v.micros % kMicrosPerMinute;
  }
}

bool IsIntervalField(int variant) { return variant <= 3 || variant >= kEpochField; }

Result<ColumnPtr> Extract(const ScalarCall& call) {
  const ColumnView& input = call.arguments[0];
  const bool timestamp = input.type.id == TypeId::kTimestamp;
  const bool interval = input.type.is_interval();
  auto out = Column::Allocate(call.type, call.rows);
  // A timestamp's epoch in microseconds has 19 digits: a 128-bit DECIMAL.
  const bool wide = call.type.is_wide_decimal();
  for (int64_t i = 0; i < call.rows; ++i) {
    int128_t field = 0;
    if (!input.IsValid(i)) {
      out->SetNull(i);
    } else if (interval) {
      field = IntervalField(call.variant, UnpackInterval(input.values<int128_t>()[i]));
    } else {
      field = timestamp ? TimestampField(call.variant, input.values<int64_t>()[i])
                        : DateField(call.variant, input.values<int32_t>()[i]);
    }
    if (wide) {
      out->mutable_values<int128_t>()[i] = field;
    } else {
      out->mutable_values<int64_t>()[i] = static_cast<int64_t>(field);
    }
  }
  return out;
}

DataType TimestampFieldType(int variant) {
  switch (variant) {
    case kEpochField: return DataType::Decimal(19, 6);
    case 15: return DataType::Decimal(8, 6);
    case 16: return DataType::Decimal(8, 3);
    default: return DataType::Int64();
  }
}

Result<Resolution> BindExtract(const CallSite& call) {
  const CallArgument& field_argument = call.arguments[0];
  if (!field_argument.string_literal) {
    return Status::BindError("{} takes a field name and a date: {}", call.name, call.text);
  }
  std::string field = field_argument.constant->string_value;
  for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int variant = 0;
  while (variant < static_cast<int>(kFields.size()) && field != kFields[variant]) ++variant;
  if (variant == static_cast<int>(kFields.size())) {
    return Status::NotSupported(
        "EXTRACT field {} (year, quarter, month, day, dow, isodow, doy, week, isoyear, epoch, decade, century and "
        "millennium of a date or timestamp; hour, minute, second, milliseconds and microseconds of a timestamp)",
        field);
  }
  DataType input = call.arguments[1].type;
  // An untyped literal is a timestamp, as PostgreSQL reads EXTRACT(hour FROM '...').
  if (call.arguments[1].string_literal) input = DataType::Timestamp();
  if (input.id == TypeId::kNull) return Resolution::Null(DataType::Int64());
  if (input.is_interval()) {
    if (!IsIntervalField(variant)) {
      return Status::NotSupported("unit \"{}\" not supported for type interval: {}", field, call.text);
    }
    Resolution r;
    // An interval's epoch passes 19 digits (months of 365.25 / 12 days): DECIMAL(38,6).
    r.type = variant == kEpochField ? DataType::Decimal(kMaxDecimalPrecision, 6) : TimestampFieldType(variant);
    r.arguments = {1};
    r.argument_types = {input};
    r.variant = variant;
    return r;
  }
  if (!input.is_temporal()) {
    return Status::TypeError("cannot extract {} from {} in {}", field, input.ToString(), call.text);
  }
  if (input.id == TypeId::kDate && variant >= kFirstTimeField) {
    return Status::InvalidArgument("EXTRACT field {} of a date (a DATE has no time of day; cast it to TIMESTAMP): {}",
                                   field, call.text);
  }
  Resolution r;
  r.type = input.id == TypeId::kDate ? DataType::Int64() : TimestampFieldType(variant);
  r.arguments = {1};
  r.argument_types = {input};
  r.variant = variant;
  return r;
}

Result<ColumnPtr> Today(const ScalarCall& call) {
  auto out = Column::Allocate(DataType::Date(), call.rows);
  std::fill_n(out->mutable_values<int32_t>(), call.rows, static_cast<int32_t>(TimestampDays(StatementStartMicros())));
  return out;
}

std::string ShowExtract(std::string_view, int variant, const std::vector<std::string>& arguments) {
  return fmt::format("EXTRACT({} FROM {})", kFields[variant], arguments[0]);
}

}  // namespace

Status RegisterDateFunctions(FunctionRegistry& registry) {
  ScalarFunction extract;
  extract.name = "extract";
  extract.aliases = {"date_part"};
  extract.signatures = {{"'year'|'quarter'|'month'|'day'|'dow'|'isodow'|'doy'|'week'|'isoyear'|'epoch'|'decade'|"
                         "'century'|'millennium', DATE",
                         "BIGINT"},
                        {"the date fields and 'hour'|'minute'|'microseconds', TIMESTAMP", "BIGINT"},
                        {"'second', TIMESTAMP", "DECIMAL(8,6)"},
                        {"'milliseconds', TIMESTAMP", "DECIMAL(8,3)"},
                        {"'epoch', TIMESTAMP", "DECIMAL(19,6)"},
                        {"'year'|'quarter'|'month'|'day'|'hour'|'minute'|'microseconds'|'decade'|'century'|"
                         "'millennium', INTERVAL",
                         "BIGINT"},
                        {"'epoch', INTERVAL", "DECIMAL(38,6)"}};
  extract.description =
      "a field of a date, timestamp or interval: EXTRACT(YEAR FROM d), date_part('dow', d) (0 = Sunday), ISO week "
      "and year, epoch seconds, the time of day's fields";
  extract.min_arguments = extract.max_arguments = 2;
  extract.usage = "takes a field name and a date";
  extract.bind = BindExtract;
  extract.implementation = Extract;
  extract.display = ShowExtract;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(extract)));

  ScalarFunction current_date;
  current_date.name = "current_date";
  current_date.signatures = {{"", "DATE"}};
  current_date.description = "today's date (UTC), the same for the whole statement: CURRENT_DATE";
  current_date.min_arguments = current_date.max_arguments = 0;
  current_date.usage = "takes no arguments";
  current_date.bind = [](const CallSite&) -> Result<Resolution> { return Resolution::Call(DataType::Date(), {}); };
  current_date.implementation = Today;  // a call without arguments folds when bound: once per statement
  return registry.Add(std::move(current_date));
}

}  // namespace orbit
