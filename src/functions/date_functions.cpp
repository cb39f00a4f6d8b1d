// Date functions: EXTRACT(field FROM date) and date_part('field', date), as BIGINT, for
// PostgreSQL's date fields; current_date. (DATE + INTEGER and DATE +/- INTERVAL are
// operators, bound as date arithmetic.)
#include <array>
#include <cctype>
#include <chrono>

#include <fmt/format.h>

#include "columnar/value_format.h"
#include "functions/function_registry.h"

namespace orbit {

namespace {

// The fields, in the order of Resolution::variant.
constexpr std::array<const char*, 13> kFields = {"year", "quarter", "month", "day",    "dow",     "isodow",    "doy",
                                                 "week", "isoyear", "epoch", "decade", "century", "millennium"};

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

Result<ColumnPtr> Extract(const ScalarCall& call) {
  const ColumnView& date = call.arguments[0];
  auto out = Column::Allocate(DataType::Int64(), call.rows);
  const int32_t* days = date.values<int32_t>();
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!date.IsValid(i)) {
      r[i] = 0;
      out->SetNull(i);
      continue;
    }
    r[i] = DateField(call.variant, days[i]);
  }
  return out;
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
        "EXTRACT field {} of a date (year, quarter, month, day, dow, isodow, doy, week, isoyear, epoch, decade, "
        "century and millennium work)",
        field);
  }
  const DataType& date = call.arguments[1].type;
  if (date.id == TypeId::kNull) return Resolution::Null(DataType::Int64());
  if (date.id != TypeId::kDate) {
    return Status::TypeError("cannot extract {} from {} in {}", field, date.ToString(), call.text);
  }
  Resolution r;
  r.type = DataType::Int64();
  r.arguments = {1};
  r.argument_types = {DataType::Date()};
  r.variant = variant;
  return r;
}

Result<ColumnPtr> Today(const ScalarCall& call) {
  using Days = std::chrono::duration<int64_t, std::ratio<86400>>;
  const auto today = std::chrono::floor<Days>(std::chrono::system_clock::now().time_since_epoch());
  auto out = Column::Allocate(DataType::Date(), call.rows);
  int32_t* r = out->mutable_values<int32_t>();
  for (int64_t i = 0; i < call.rows; ++i) r[i] = static_cast<int32_t>(today.count());
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
  extract.signatures = {
      {"'year'|'quarter'|'month'|'day'|'dow'|'isodow'|'doy'|'week'|'isoyear'|'epoch'|'decade'|"
       "'century'|'millennium', DATE",
       "BIGINT"}};
  extract.description =
      "a field of a date: EXTRACT(YEAR FROM d), date_part('dow', d) (0 = Sunday), ISO week and year, epoch seconds";
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
