// Math functions: abs over every numeric type (overflow of the most negative integer is
// an error, as negation's is) and round (halves away from zero; of a DECIMAL it is a cast
// to DECIMAL(p, digits), as DuckDB types it; of an integer, the integer).
#include <cmath>
#include <limits>

#include "functions/function_registry.h"

namespace orbit {

namespace {

template <typename T>
Status AbsValues(const ScalarCall& call, bool checked, Column& out) {
  const ColumnView& x = call.arguments[0];
  const T* in = x.values<T>();
  T* r = out.mutable_values<T>();
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!x.IsValid(i)) {
      r[i] = 0;
      continue;
    }
    if constexpr (std::is_integral_v<T>) {
      if (checked && in[i] == std::numeric_limits<T>::min()) {
        // The message negation gives, abs being -x for negative x.
        return Status::OutOfRange("overflow in (0 - {}): 0 and {} give a result that does not fit {}",
                                  call.argument_sql(0), static_cast<int64_t>(in[i]), call.type.ToString());
      }
    }
    r[i] = in[i] < 0 ? -in[i] : in[i];
  }
  return Status::OK();
}

Result<ColumnPtr> Abs(const ScalarCall& call) {
  const ColumnView& x = call.arguments[0];
  auto out = Column::Allocate(call.type, call.rows);
  // A DECIMAL's values stay within its precision, so only INTEGER and BIGINT can overflow.
  const bool checked = !call.type.is_decimal();
  Status status;
  switch (physical_type(call.type)) {
    case PhysicalType::kInt32: status = AbsValues<int32_t>(call, checked, *out); break;
    case PhysicalType::kInt64: status = AbsValues<int64_t>(call, checked, *out); break;
    case PhysicalType::kInt128: status = AbsValues<int128_t>(call, false, *out); break;
    case PhysicalType::kDouble: status = AbsValues<double>(call, false, *out); break;
    default: return Status::Internal("abs of {}", call.type.ToString());
  }
  ORBIT_RETURN_IF_ERROR(status);
  if (x.validity) {
    for (int64_t i = 0; i < call.rows; ++i) {
      if (!x.IsValid(i)) out->SetNull(i);
    }
  }
  return out;
}

Result<Resolution> BindAbs(const CallSite& call) {
  const DataType& type = call.arguments[0].type;
  if (type.id == TypeId::kNull) return Resolution::Null(DataType::Int32());
  if (!type.is_numeric()) {
    return Status::TypeError("function abs({}) does not exist, in {}", type.ToString(), call.text);
  }
  return Resolution::Call(type, {type});
}

// round(x, digits) as DuckDB computes it: halves away from zero, at `digits` decimals.
Result<ColumnPtr> RoundDoubles(const ScalarCall& call) {
  const ColumnView& input = call.arguments[0];
  ColumnBuilder builder(DataType::Double(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!input.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    const int64_t digits = call.arguments.size() > 1 ? call.arguments[1].values<int64_t>()[i] : 0;
    const double x = input.values<double>()[i];
    if (digits < 0) {
      // Divide by 10^-digits: multiplying by 10^digits underflows to 0 far out (round(42,
      // -1000) is 0, not 42), and past 10^308 every finite double rounds to 0.
      const double unit = std::pow(10.0, static_cast<double>(-digits));
      const double rounded = !std::isfinite(x) ? x : std::isfinite(unit) ? std::round(x / unit) * unit : 0.0;
      builder.AppendDouble(std::isfinite(rounded) || !std::isfinite(x) ? rounded : x);
      continue;
    }
    const double scale = std::pow(10.0, static_cast<double>(digits));
    double rounded = std::round(x * scale) / scale;
    builder.AppendDouble(std::isfinite(rounded) ? rounded : x);
  }
  return builder.Finish();
}

Result<Resolution> BindRound(const CallSite& call) {
  const DataType& x = call.arguments[0].type;
  int64_t digits = 0;
  if (call.arguments.size() == 2) {
    const CallArgument& d = call.arguments[1];
    if (!d.constant || d.constant->is_null || !d.type.is_integer()) {
      return Status::NotSupported("round with digits other than an integer constant: {}", call.text);
    }
    digits = d.constant->int_value;
  }
  if (x.id == TypeId::kNull) return Resolution::Null(DataType::Double());
  if (x.is_integer()) return Resolution::Argument(0, x);
  if (x.is_decimal()) {
    if (digits < 0) return Status::NotSupported("round of a DECIMAL to negative digits: {}", call.text);
    if (digits >= x.scale) return Resolution::Argument(0, x);
    return Resolution::Argument(0, DataType::Decimal(x.precision, static_cast<int>(digits)));
  }
  if (x.id != TypeId::kDouble) {
    return Status::TypeError("function round({}) does not exist, in {}", x.ToString(), call.text);
  }
  if (call.arguments.size() == 1) return Resolution::Call(DataType::Double(), {DataType::Double()});
  return Resolution::Call(DataType::Double(), {DataType::Double(), DataType::Int64()});
}

}  // namespace

Status RegisterMathFunctions(FunctionRegistry& registry) {
  ScalarFunction abs;
  abs.name = "abs";
  abs.signatures = {
      {"INTEGER", "INTEGER"}, {"BIGINT", "BIGINT"}, {"DECIMAL(p,s)", "DECIMAL(p,s)"}, {"DOUBLE", "DOUBLE"}};
  abs.description = "the absolute value";
  abs.min_arguments = abs.max_arguments = 1;
  abs.usage = "takes one argument";
  abs.bind = BindAbs;
  abs.implementation = Abs;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(abs)));

  ScalarFunction round;
  round.name = "round";
  round.signatures = {{"DOUBLE [, INTEGER constant]", "DOUBLE"},
                      {"DECIMAL(p,s) [, INTEGER constant]", "DECIMAL(p, min(s, digits))"},
                      {"INTEGER or BIGINT [, INTEGER constant]", "the argument's type"}};
  round.description = "rounded to a number of decimal digits (default 0), halves away from zero";
  round.min_arguments = 1;
  round.max_arguments = 2;
  round.usage = "takes a number and an optional number of digits";
  round.bind = BindRound;
  round.implementation = RoundDoubles;
  return registry.Add(std::move(round));
}

}  // namespace orbit
