#include "main/api/parameter_values.h"

#include <algorithm>
#include <cctype>

#include "columnar/value_format.h"

namespace orbit::api {

namespace {

// "-12.50" -> DECIMAL(4,2) holding exactly those digits.
Result<Value> DecimalValue(const std::string& text) {
  const size_t point = text.find('.');
  const size_t digits = static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
  const int scale = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
  const int precision = std::max({static_cast<int>(digits), scale, 1});
  std::optional<int128_t> scaled;
  if (digits > 0 && precision <= kMaxDecimalPrecision) scaled = ParseDecimal(text, precision, scale);
  if (!scaled) {
    return Status::InvalidArgument("decimal parameter '{}' is not a number of at most {} digits", text,
                                   kMaxDecimalPrecision);
  }
  return Value::Decimal(*scaled, precision, scale);
}

}  // namespace

Result<std::vector<ParameterValue>> ToParameterValues(const std::vector<Parameter>& parameters) {
  std::vector<ParameterValue> values;
  values.reserve(parameters.size());
  for (const Parameter& p : parameters) {
    switch (p.kind) {
      case Parameter::Kind::kNull: values.push_back(ParameterValue::Typed(Value::Null())); break;
      case Parameter::Kind::kBoolean: values.push_back(ParameterValue::Typed(Value::Boolean(p.boolean))); break;
      case Parameter::Kind::kInt64: values.push_back(ParameterValue::Typed(Value::Int64(p.integer))); break;
      case Parameter::Kind::kDouble: values.push_back(ParameterValue::Typed(Value::Double(p.real))); break;
      case Parameter::Kind::kText: values.push_back(ParameterValue::Untyped(p.text)); break;
      case Parameter::Kind::kDate:
        values.push_back(ParameterValue::Typed(Value::Date(static_cast<int32_t>(p.integer))));
        break;
      case Parameter::Kind::kTimestamp: values.push_back(ParameterValue::Typed(Value::Timestamp(p.integer))); break;
      case Parameter::Kind::kDecimal: {
        ORBIT_ASSIGN_OR_RETURN(Value value, DecimalValue(p.text));
        values.push_back(ParameterValue::Typed(std::move(value)));
        break;
      }
      default: return Status::InvalidArgument("unknown parameter kind {}", static_cast<int>(p.kind));
    }
  }
  return values;
}

}  // namespace orbit::api
