// Date functions: EXTRACT(field FROM date) and date_part('field', date), as BIGINT, for
// the fields year, quarter, month and day. (DATE + INTEGER and DATE +/- INTERVAL are
// operators, bound as date arithmetic.)
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "columnar/value_format.h"
#include "functions/function_registry.h"

namespace orbit {

namespace {

// The fields, in the order of Resolution::variant.
constexpr std::array<const char*, 4> kFields = {"year", "quarter", "month", "day"};

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
    int64_t year;
    unsigned month, day;
    CivilFromDays(days[i], &year, &month, &day);
    switch (call.variant) {
      case 0: r[i] = year; break;
      case 1: r[i] = (month + 2) / 3; break;
      case 2: r[i] = month; break;
      default: r[i] = day; break;
    }
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
    return Status::NotSupported("EXTRACT field {} (year, quarter, month and day work)", field);
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

std::string ShowExtract(std::string_view, int variant, const std::vector<std::string>& arguments) {
  return fmt::format("EXTRACT({} FROM {})", kFields[variant], arguments[0]);
}

}  // namespace

Status RegisterDateFunctions(FunctionRegistry& registry) {
  ScalarFunction extract;
  extract.name = "extract";
  extract.aliases = {"date_part"};
  extract.signatures = {{"'year'|'quarter'|'month'|'day', DATE", "BIGINT"}};
  extract.description = "a field of a date: EXTRACT(YEAR FROM d), date_part('year', d)";
  extract.min_arguments = extract.max_arguments = 2;
  extract.usage = "takes a field name and a date";
  extract.bind = BindExtract;
  extract.implementation = Extract;
  extract.display = ShowExtract;
  return registry.Add(std::move(extract));
}

}  // namespace orbit
