// Math functions that keep their argument's kind: abs over every numeric type (overflow
// of the most negative integer is an error, as negation's is), round (halves away from
// zero; of a DECIMAL it is a cast to DECIMAL(p, digits), as DuckDB types it; of an
// integer, the integer), floor, ceil and trunc (of an integer the integer, of a
// DECIMAL(p,s) a DECIMAL(p,0), or DECIMAL(p,digits) for trunc's digits, exact in its scaled
// integers) and sign (-1, 0 or 1, of an integer's type, DECIMAL(1,0) of a DECIMAL).
#include <cmath>
#include <limits>

#include "columnar/value_format.h"
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

enum class Rounding : uint8_t { kFloor, kCeil, kTrunc };

// floor/ceil/trunc of a DOUBLE, at `digits` decimals for trunc's second argument.
double RoundDouble(Rounding mode, double x, int64_t digits) {
  if (digits == 0 || !std::isfinite(x)) {
    return mode == Rounding::kFloor ? std::floor(x) : mode == Rounding::kCeil ? std::ceil(x) : std::trunc(x);
  }
  const double scale = std::pow(10.0, static_cast<double>(digits));
  const double r = std::trunc(x * scale) / scale;
  return std::isfinite(r) ? r : x;
}

// The scaled integer v of scale `from` at scale `to` (to < from), rounded by `mode`.
template <typename T>
T RoundScaled(Rounding mode, T v, int from, int to) {
  const auto unit = static_cast<T>(Pow10(from - to));
  T q = v / unit;  // towards zero
  const T rest = v % unit;
  if (mode == Rounding::kFloor && rest < 0) --q;
  if (mode == Rounding::kCeil && rest > 0) ++q;
  return q;
}

// At scale `to`, or for trunc(x, -zeros) at scale 0 with `zeros` digits left of the point
// zeroed (at most the integer digits the type has: beyond, every value is 0 anyway).
template <typename T>
void RoundDecimals(Rounding mode, const ColumnView& x, int from, int to, int zeros, int64_t rows, Column& out) {
  const T* in = x.values<T>();
  T* r = out.mutable_values<T>();
  const auto unit = static_cast<T>(Pow10(zeros));
  for (int64_t i = 0; i < rows; ++i) r[i] = x.IsValid(i) ? RoundScaled<T>(mode, in[i], from, to - zeros) * unit : 0;
}

// Variant bits: the Rounding mode, and above them (kZerosShift) the digits left of the
// point trunc(x, -n) of a DECIMAL zeroes. The digits of trunc(x, digits) >= 0 are the
// result's scale (a DECIMAL) or the second argument (a DOUBLE).
constexpr int kZerosShift = 2;

Result<ColumnPtr> RoundTowards(const ScalarCall& call) {
  const auto mode = static_cast<Rounding>(call.variant & ((1 << kZerosShift) - 1));
  const int zeros = call.variant >> kZerosShift;
  const ColumnView& x = call.arguments[0];
  auto out = Column::Allocate(call.type, call.rows);
  if (call.type.is_decimal()) {
    if (call.type.is_wide_decimal()) {
      RoundDecimals<int128_t>(mode, x, x.type.scale, call.type.scale, zeros, call.rows, *out);
    } else {
      RoundDecimals<int64_t>(mode, x, x.type.scale, call.type.scale, zeros, call.rows, *out);
    }
  } else {
    double* r = out->mutable_values<double>();
    for (int64_t i = 0; i < call.rows; ++i) {
      const int64_t digits = call.arguments.size() > 1 ? call.arguments[1].values<int64_t>()[i] : 0;
      r[i] = x.IsValid(i) ? RoundDouble(mode, x.values<double>()[i], digits) : 0;
    }
  }
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!x.IsValid(i) || (call.arguments.size() > 1 && !call.arguments[1].IsValid(i))) out->SetNull(i);
  }
  return out;
}

template <Rounding kMode>
Result<Resolution> BindRoundTowards(const CallSite& call) {
  const DataType& x = call.arguments[0].type;
  const int variant = static_cast<int>(kMode);
  std::optional<int64_t> digits;
  if (call.arguments.size() == 2) {
    const CallArgument& d = call.arguments[1];
    if (!d.type.is_integer() && d.type.id != TypeId::kNull) {
      return Status::TypeError("{} needs an integer number of digits, not {}, in {}", call.name, d.type.ToString(),
                               call.text);
    }
    if (d.constant && !d.constant->is_null) digits = d.constant->int_value;
    if (d.type.id == TypeId::kNull || (d.constant && d.constant->is_null)) return Resolution::Null(DataType::Double());
  }
  if (x.id == TypeId::kNull) return Resolution::Null(DataType::Double());
  if (x.is_integer() && call.arguments.size() == 1) return Resolution::Argument(0, x);
  if (x.is_decimal()) {
    if (call.arguments.size() == 2 && !digits) {
      return Status::NotSupported("{} of a DECIMAL with digits other than an integer constant: {}", call.name,
                                  call.text);
    }
    const int64_t to = digits.value_or(0);
    if (to < 0) {
      // trunc(1234.5, -2) = 1200: DECIMAL(p,0), the digits below 10^-to zeroed.
      const int64_t zeros = std::min<int64_t>(-to, x.precision - x.scale);
      return Resolution::Call(DataType::Decimal(x.precision, 0), {x}, variant | static_cast<int>(zeros << kZerosShift));
    }
    if (to >= x.scale) return Resolution::Argument(0, x);
    return Resolution::Call(DataType::Decimal(x.precision, static_cast<int>(to)), {x}, variant);
  }
  if (x.id != TypeId::kDouble && !x.is_integer() && !call.arguments[0].string_literal) {
    return Status::TypeError("function {}({}) does not exist (it takes a number), in {}", call.name, x.ToString(),
                             call.text);
  }
  if (call.arguments.size() == 1) return Resolution::Call(DataType::Double(), {DataType::Double()}, variant);
  return Resolution::Call(DataType::Double(), {DataType::Double(), DataType::Int64()}, variant);
}

template <typename T>
void Signs(const ColumnView& x, int64_t rows, Column& out) {
  const T* in = x.values<T>();
  for (int64_t i = 0; i < rows; ++i) {
    const T s = in[i] > 0 ? 1 : in[i] < 0 ? -1 : 0;
    switch (physical_type(out.type())) {
      case PhysicalType::kInt32: out.mutable_values<int32_t>()[i] = static_cast<int32_t>(s); break;
      case PhysicalType::kInt64: out.mutable_values<int64_t>()[i] = static_cast<int64_t>(s); break;
      default: out.mutable_values<double>()[i] = static_cast<double>(s);  // NaN too: PostgreSQL gives 0
    }
  }
}

Result<ColumnPtr> Sign(const ScalarCall& call) {
  const ColumnView& x = call.arguments[0];
  auto out = Column::Allocate(call.type, call.rows);
  switch (physical_type(x.type)) {
    case PhysicalType::kInt32: Signs<int32_t>(x, call.rows, *out); break;
    case PhysicalType::kInt64: Signs<int64_t>(x, call.rows, *out); break;
    case PhysicalType::kInt128: Signs<int128_t>(x, call.rows, *out); break;
    case PhysicalType::kDouble: Signs<double>(x, call.rows, *out); break;
    default: return Status::Internal("sign of {}", x.type.ToString());
  }
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!x.IsValid(i)) out->SetNull(i);
  }
  return out;
}

Result<Resolution> BindSign(const CallSite& call) {
  const DataType& type = call.arguments[0].type;
  if (type.id == TypeId::kNull) return Resolution::Null(DataType::Double());
  if (call.arguments[0].string_literal) return Resolution::Call(DataType::Double(), {DataType::Double()});
  if (!type.is_numeric()) {
    return Status::TypeError("function sign({}) does not exist (it takes a number), in {}", type.ToString(), call.text);
  }
  // -1, 0 or 1 of a DECIMAL: one digit, stored in 64 bits (the argument keeps its own type).
  const DataType result = type.is_decimal() ? DataType::Decimal(1, 0) : type;
  Resolution r = Resolution::Call(result, {type});
  return r;
}

ScalarFunction RoundingFunction(std::string name, std::vector<std::string> aliases, std::string description,
                                ScalarBindRule bind, bool digits) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = {{"DOUBLE", "DOUBLE"}, {"DECIMAL(p,s)", "DECIMAL(p,0)"}, {"INTEGER or BIGINT", "the argument's type"}};
  if (digits) {
    f.signatures = {{"DOUBLE [, INTEGER]", "DOUBLE"},
                    {"DECIMAL(p,s) [, INTEGER constant]", "DECIMAL(p, max(0, min(s, digits)))"},
                    {"INTEGER or BIGINT", "the argument's type"}};
  }
  f.description = std::move(description);
  f.min_arguments = 1;
  f.max_arguments = digits ? 2 : 1;
  f.usage = digits ? "takes a number and an optional number of digits" : "takes one argument";
  f.bind = bind;
  f.implementation = RoundTowards;
  return f;
}

}  // namespace

Status RegisterMathFunctions(FunctionRegistry& registry) {
  ScalarFunction abs;
  abs.name = "abs";
  abs.signatures = {{"TINYINT", "TINYINT"}, {"SMALLINT", "SMALLINT"},         {"INTEGER", "INTEGER"},
                    {"BIGINT", "BIGINT"},   {"DECIMAL(p,s)", "DECIMAL(p,s)"}, {"REAL", "REAL"},
                    {"DOUBLE", "DOUBLE"}};
  abs.keeps_narrow_type = true;
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
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(round)));

  ORBIT_RETURN_IF_ERROR(registry.Add(RoundingFunction("floor", {}, "the largest integer not above the argument",
                                                      BindRoundTowards<Rounding::kFloor>, false)));
  ORBIT_RETURN_IF_ERROR(registry.Add(RoundingFunction(
      "ceil", {"ceiling"}, "the smallest integer not below the argument", BindRoundTowards<Rounding::kCeil>, false)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(RoundingFunction("trunc", {}, "truncated towards zero, to a number of decimal digits (default 0)",
                                    BindRoundTowards<Rounding::kTrunc>, true)));

  ScalarFunction sign;
  sign.name = "sign";
  sign.signatures = {
      {"INTEGER or BIGINT", "the argument's type"}, {"DECIMAL(p,s)", "DECIMAL(1,0)"}, {"DOUBLE", "DOUBLE"}};
  sign.description = "-1, 0 or 1 as the argument is negative, zero or positive";
  sign.min_arguments = sign.max_arguments = 1;
  sign.usage = "takes one argument";
  sign.bind = BindSign;
  sign.implementation = Sign;
  return registry.Add(std::move(sign));
}

}  // namespace orbit
