#include "exec/expression/cast.h"

#include <cmath>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/check.h"
#include "exec/expression/cast_row.h"
#include "exec/expression/list_cast.h"

namespace orbit {

namespace {

// Divides by 10^digits rounding half away from zero (PostgreSQL's numeric rounding).
int128_t DivideRounded(int128_t v, int digits) {
  if (digits == 0) return v;
  int128_t p = Pow10(digits);
  int128_t q = v / p, r = v % p;
  if (r * 2 >= p) ++q;
  if (r * 2 <= -p) --q;
  return q;
}

// Reads row i of a numeric column as a scaled integer with `scale` (integers have scale 0).
int128_t ScaledAt(const ColumnView& c, int64_t i) {
  switch (physical_type(c.type)) {
    case PhysicalType::kInt8: return c.values<int8_t>()[i];
    case PhysicalType::kInt16: return c.values<int16_t>()[i];
    case PhysicalType::kInt32: return c.values<int32_t>()[i];
    case PhysicalType::kInt64: return c.values<int64_t>()[i];
    case PhysicalType::kInt128: return c.values<int128_t>()[i];
    default: return 0;
  }
}

int SourceScale(const DataType& t) { return t.is_decimal() ? t.scale : 0; }

// PostgreSQL's words for an integer that does not fit ("smallint out of range").
Status IntegerOutOfRange(const DataType& target, const std::string& shown) {
  switch (target.id) {
    case TypeId::kInt8: return Status::OutOfRange("tinyint out of range: {}", shown);
    case TypeId::kInt16: return Status::OutOfRange("smallint out of range: {}", shown);
    default: return Status::OutOfRange("value {} is out of range for {}", shown, target.ToString());
  }
}

// A float's value as its nearest float, as PostgreSQL's float8 to float4: an error when a
// finite value overflows or a nonzero one underflows to zero.
Result<float> NarrowToFloat(double v) {
  const auto f = static_cast<float>(v);
  if (std::isinf(f) && std::isfinite(v)) return Status::OutOfRange("value out of range: overflow");
  if (f == 0 && v != 0) return Status::OutOfRange("value out of range: underflow");
  return f;
}

double FloatAt(const ColumnView& c, int64_t i) {
  return c.type.id == TypeId::kFloat ? c.values<float>()[i] : c.values<double>()[i];
}

// T[n] to U[n], element by element; a value U cannot hold is an error naming it.
Status CastArrayRow(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out) {
  if (in.type.dimension != target.dimension) {
    return Status::TypeError("cannot cast {} to {}: the sizes differ", in.type.ToString(), target.ToString());
  }
  const uint8_t* row = ArrayRowAt(in, i);
  std::vector<uint8_t> converted(static_cast<size_t>(target.byte_width()));
  for (uint32_t e = 0; e < target.dimension; ++e) {
    ORBIT_RETURN_IF_ERROR(SetArrayElement(target, converted.data(), e, ArrayElementAsDouble(in.type, row, e)));
  }
  out.AppendArrayRow(converted.data());
  return Status::OK();
}

}  // namespace

std::string TextAt(const ColumnView& c, int64_t i) {
  switch (c.type.id) {
    case TypeId::kBoolean: return c.GetBool(i) ? "true" : "false";
    case TypeId::kInt8: return std::to_string(c.values<int8_t>()[i]);
    case TypeId::kInt16: return std::to_string(c.values<int16_t>()[i]);
    case TypeId::kInt32: return std::to_string(c.values<int32_t>()[i]);
    case TypeId::kInt64: return std::to_string(c.values<int64_t>()[i]);
    case TypeId::kDouble: return FormatDouble(c.values<double>()[i]);
    case TypeId::kDecimal: return FormatDecimal(ScaledAt(c, i), c.type.scale);
    case TypeId::kDate: return FormatDate(c.values<int32_t>()[i]);
    case TypeId::kVarchar: return std::string(c.GetString(i));
    case TypeId::kTimestamp: return FormatTimestamp(c.values<int64_t>()[i]);
    case TypeId::kFloat: return FormatReal(c.values<float>()[i]);
    case TypeId::kArray: return FormatArrayRow(c.type, ArrayRowAt(c, i));
    case TypeId::kInterval: return FormatInterval(UnpackInterval(c.values<int128_t>()[i]));
    case TypeId::kList: return ListText(c, i);
    case TypeId::kNull: return "NULL";
  }
  return "";
}

namespace {

// Writes an integer-valued result (already in the target's scale) into row i, checking range.
Status StoreScaled(ColumnBuilder& out, const DataType& target, int128_t v, const std::string& shown) {
  switch (target.id) {
    case TypeId::kInt8:
      if (v < INT8_MIN || v > INT8_MAX) return IntegerOutOfRange(target, shown);
      out.AppendInt8(static_cast<int8_t>(v));
      return Status::OK();
    case TypeId::kInt16:
      if (v < INT16_MIN || v > INT16_MAX) return IntegerOutOfRange(target, shown);
      out.AppendInt16(static_cast<int16_t>(v));
      return Status::OK();
    case TypeId::kInt32:
      if (v < INT32_MIN || v > INT32_MAX) return Status::OutOfRange("value {} is out of range for INTEGER", shown);
      out.AppendInt32(static_cast<int32_t>(v));
      return Status::OK();
    case TypeId::kInt64:
      if (v < INT64_MIN || v > INT64_MAX) return Status::OutOfRange("value {} is out of range for BIGINT", shown);
      out.AppendInt64(static_cast<int64_t>(v));
      return Status::OK();
    case TypeId::kDecimal: {
      int128_t max = MaxForPrecision(target.precision);
      if (v > max || v < -max) {
        return Status::OutOfRange("value {} does not fit {}", shown, target.ToString());
      }
      if (target.is_wide_decimal()) {
        out.AppendInt128(v);
      } else {
        out.AppendInt64(static_cast<int64_t>(v));
      }
      return Status::OK();
    }
    default: ORBIT_UNREACHABLE("StoreScaled to {}", target.ToString());
  }
}

}  // namespace

Status CastFromText(ColumnBuilder& out, const DataType& target, std::string_view text) {
  auto bad = [&] { return Status::InvalidData("cannot cast '{}' to {}", text, target.ToString()); };
  switch (target.id) {
    case TypeId::kBoolean: {
      auto b = ParseBool(text);
      if (!b) return bad();
      out.AppendBool(*b);
      return Status::OK();
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      auto v = ParseInt64(text);
      if (!v) return bad();
      return StoreScaled(out, target, *v, std::string(text));
    }
    case TypeId::kDouble: {
      auto v = ParseDouble(text);
      if (!v) return bad();
      out.AppendDouble(*v);
      return Status::OK();
    }
    case TypeId::kDecimal: {
      auto v = ParseDecimal(text, target.precision, target.scale);
      if (!v) return bad();
      return StoreScaled(out, target, *v, std::string(text));
    }
    case TypeId::kDate: {
      auto v = ParseDate(text);
      if (!v) return bad();
      out.AppendInt32(*v);
      return Status::OK();
    }
    case TypeId::kTimestamp: {
      auto v = ParseTimestamp(text);
      if (!v) return bad();
      out.AppendInt64(*v);
      return Status::OK();
    }
    case TypeId::kVarchar: out.AppendString(text); return Status::OK();
    case TypeId::kArray: {
      ORBIT_ASSIGN_OR_RETURN(std::vector<uint8_t> row, ParseArrayRow(target, text));
      out.AppendArrayRow(row.data());
      return Status::OK();
    }
    case TypeId::kList: return ListFromText(out, target, text);
    case TypeId::kNull: out.AppendNull(); return Status::OK();
    case TypeId::kInterval: {
      ORBIT_ASSIGN_OR_RETURN(IntervalValue v, ParseInterval(text));
      out.AppendInt128(PackInterval(v));
      return Status::OK();
    }
    case TypeId::kFloat: {
      auto v = ParseFloat(text);
      if (!v) {
        if (ParseDouble(text)) return Status::OutOfRange("\"{}\" is out of range for type real", text);
        return bad();
      }
      out.AppendFloat(*v);
      return Status::OK();
    }
  }
  return bad();
}

Status CastRow(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out) {
  const DataType& source = in.type;
  if ((source.is_list() || target.is_list()) && source.id != TypeId::kVarchar && target.id != TypeId::kVarchar) {
    return CastListRow(in, i, target, out);
  }
  if (target.id == TypeId::kVarchar) {
    out.AppendString(TextAt(in, i));
    return Status::OK();
  }
  if (source.id == TypeId::kVarchar) return CastFromText(out, target, in.GetString(i));
  if (source.is_array() && target.is_array()) return CastArrayRow(in, i, target, out);
  bool source_exact = source.is_integer() || source.is_decimal();
  if (source_exact && (target.is_integer() || target.is_decimal())) {
    int128_t v = ScaledAt(in, i);
    int from = SourceScale(source), to = SourceScale(target);
    if (to >= from) {
      int128_t factor = Pow10(to - from);
      int128_t max = MaxForPrecision(kMaxDecimalPrecision);
      if (v > max / factor || v < -max / factor) {
        return Status::OutOfRange("value {} does not fit {}", TextAt(in, i), target.ToString());
      }
      v *= factor;
    } else {
      v = DivideRounded(v, from - to);
    }
    return StoreScaled(out, target, v, TextAt(in, i));
  }
  if (source_exact && target.id == TypeId::kDouble) {
    out.AppendDouble(DecimalToDouble(ScaledAt(in, i), SourceScale(source)));
    return Status::OK();
  }
  if (source_exact && target.id == TypeId::kFloat) {
    // One rounding: an integer converts directly, a decimal through its exact text (float4in).
    if (!source.is_decimal()) {
      out.AppendFloat(static_cast<float>(ScaledAt(in, i)));
      return Status::OK();
    }
    std::optional<float> f = ParseFloat(TextAt(in, i));
    if (!f) return Status::OutOfRange("value {} is out of range for type real", TextAt(in, i));
    out.AppendFloat(*f);
    return Status::OK();
  }
  if (source.is_float() && target.id == TypeId::kFloat) {
    ORBIT_ASSIGN_OR_RETURN(float f, NarrowToFloat(FloatAt(in, i)));
    out.AppendFloat(f);
    return Status::OK();
  }
  if (source.id == TypeId::kFloat && target.id == TypeId::kDouble) {
    out.AppendDouble(in.values<float>()[i]);
    return Status::OK();
  }
  if (source.id == TypeId::kFloat && target.is_decimal()) {
    // PostgreSQL's float4 to numeric keeps FLT_DIG (6) significant digits: 1234567 -> 1234570.
    const float f = in.values<float>()[i];
    if (!std::isfinite(f)) return Status::OutOfRange("cannot convert {} to {}", TextAt(in, i), target.ToString());
    const std::string text = fmt::format("{:.6g}", f);
    std::optional<int128_t> v = ParseDecimal(text, target.precision, target.scale);
    if (!v) return Status::OutOfRange("value {} does not fit {}", TextAt(in, i), target.ToString());
    return StoreScaled(out, target, *v, TextAt(in, i));
  }
  if (source.is_float() && (target.is_integer() || target.is_decimal())) {
    double d = FloatAt(in, i) * std::pow(10.0, SourceScale(target));
    if (!std::isfinite(d) || std::fabs(d) >= 1.7e38) {
      return target.is_decimal() ? Status::OutOfRange("value {} does not fit {}", TextAt(in, i), target.ToString())
                                 : IntegerOutOfRange(target, TextAt(in, i));
    }
    // PostgreSQL rounds DOUBLE to integers half to even and to numeric half away from zero.
    double r = target.is_integer() ? std::nearbyint(d) : std::round(d);
    return StoreScaled(out, target, static_cast<int128_t>(r), TextAt(in, i));
  }
  if (source.id == TypeId::kDouble && target.id == TypeId::kDouble) {
    out.AppendDouble(in.values<double>()[i]);
    return Status::OK();
  }
  if (source.id == TypeId::kBoolean && target.is_integer()) {
    return StoreScaled(out, target, in.GetBool(i) ? 1 : 0, TextAt(in, i));
  }
  if (source.is_integer() && target.id == TypeId::kBoolean) {
    out.AppendBool(ScaledAt(in, i) != 0);
    return Status::OK();
  }
  if (source.id == target.id && source.id == TypeId::kDate) {
    out.AppendInt32(in.values<int32_t>()[i]);
    return Status::OK();
  }
  if (source.id == target.id && source.id == TypeId::kTimestamp) {
    out.AppendInt64(in.values<int64_t>()[i]);
    return Status::OK();
  }
  if (source.id == TypeId::kDate && target.id == TypeId::kTimestamp) {
    const std::optional<int64_t> micros = TimestampFromDays(in.values<int32_t>()[i]);
    if (!micros) return Status::OutOfRange("date {} is out of range for TIMESTAMP", TextAt(in, i));
    out.AppendInt64(*micros);
    return Status::OK();
  }
  if (source.id == TypeId::kTimestamp && target.id == TypeId::kDate) {
    out.AppendInt32(static_cast<int32_t>(TimestampDays(in.values<int64_t>()[i])));
    return Status::OK();
  }
  if (source.id == target.id && source.id == TypeId::kInterval) {
    out.AppendInt128(in.values<int128_t>()[i]);
    return Status::OK();
  }
  if (source.id == target.id && source.id == TypeId::kBoolean) {
    out.AppendBool(in.GetBool(i));
    return Status::OK();
  }
  return Status::TypeError("cannot cast {} to {}", source.ToString(), target.ToString());
}

namespace {

// Exact numbers to exact numbers at the same or a larger scale (the widening casts the
// binder puts around DECIMAL arithmetic): one loop per storage pair with the range checked
// per row; the value is formatted as text only for an error message.
template <typename From, typename To>
Status WidenExact(const ColumnView& in, const DataType& target, int128_t factor, int128_t low, int128_t high, To* out) {
  const From* values = in.values<From>();
  // v * factor stays in [low, high] exactly when v does in [low / factor, high / factor]
  // (division truncates toward zero: rounds the bounds inwards).
  const int128_t v_low = low / factor, v_high = high / factor;
  for (int64_t i = 0; i < in.length; ++i) {
    const int128_t v = values[i];  // NOLINT(bugprone-signed-char-misuse): a TINYINT is a number
    if ((v < v_low || v > v_high) && in.IsValid(i)) {
      return target.is_decimal() ? Status::OutOfRange("value {} does not fit {}", TextAt(in, i), target.ToString())
                                 : IntegerOutOfRange(target, TextAt(in, i));
    }
    out[i] = static_cast<To>(v < v_low || v > v_high ? 0 : v * factor);
  }
  return Status::OK();
}

template <typename To>
Status WidenExactFrom(const ColumnView& in, const DataType& target, int128_t factor, int128_t low, int128_t high,
                      To* out) {
  switch (physical_type(in.type)) {
    case PhysicalType::kInt32: return WidenExact<int32_t, To>(in, target, factor, low, high, out);
    case PhysicalType::kInt64: return WidenExact<int64_t, To>(in, target, factor, low, high, out);
    case PhysicalType::kInt8: return WidenExact<int8_t, To>(in, target, factor, low, high, out);
    case PhysicalType::kInt16: return WidenExact<int16_t, To>(in, target, factor, low, high, out);
    default: return WidenExact<int128_t, To>(in, target, factor, low, high, out);
  }
}

// The fast path of CastColumn, or null when the cast is not an exact widening.
Result<ColumnPtr> TryWidenExactColumn(const ColumnView& in, const DataType& target) {
  const DataType& source = in.type;
  const bool exact_source = source.is_integer() || source.is_decimal();
  const bool exact_target = target.is_integer() || target.is_decimal();
  const int from = SourceScale(source), to = SourceScale(target);
  if (!exact_source || !exact_target || to < from) return ColumnPtr();
  int128_t low, high;
  switch (target.id) {
    case TypeId::kInt8: low = INT8_MIN, high = INT8_MAX; break;
    case TypeId::kInt16: low = INT16_MIN, high = INT16_MAX; break;
    case TypeId::kInt32: low = INT32_MIN, high = INT32_MAX; break;
    case TypeId::kInt64: low = INT64_MIN, high = INT64_MAX; break;
    default: high = MaxForPrecision(target.precision), low = -high;
  }
  const int128_t factor = Pow10(to - from);
  auto data = Buffer::Allocate(static_cast<size_t>(in.length) * target.byte_width());
  Status status;
  switch (physical_type(target)) {
    case PhysicalType::kInt8:
      status = WidenExactFrom(in, target, factor, low, high, reinterpret_cast<int8_t*>(data->mutable_data()));
      break;
    case PhysicalType::kInt16:
      status = WidenExactFrom(in, target, factor, low, high, reinterpret_cast<int16_t*>(data->mutable_data()));
      break;
    case PhysicalType::kInt32:
      status = WidenExactFrom(in, target, factor, low, high, reinterpret_cast<int32_t*>(data->mutable_data()));
      break;
    case PhysicalType::kInt64:
      status = WidenExactFrom(in, target, factor, low, high, reinterpret_cast<int64_t*>(data->mutable_data()));
      break;
    case PhysicalType::kInt128:
      status = WidenExactFrom(in, target, factor, low, high, reinterpret_cast<int128_t*>(data->mutable_data()));
      break;
    default: return ColumnPtr();
  }
  ORBIT_RETURN_IF_ERROR(status);
  std::shared_ptr<Buffer> validity;
  if (in.validity != nullptr) {
    validity = Buffer::Allocate(bitmap::Bytes(in.length));
    std::memcpy(validity->mutable_data(), in.validity, bitmap::Bytes(in.length));
  }
  return std::make_shared<Column>(target, in.length, std::move(data), std::move(validity), nullptr, -1);
}

// Exact numbers to DOUBLE in one loop: every value is rounded once (DecimalToDouble's rule),
// without a builder call and a type dispatch per row; invalid rows read 0.
template <typename From>
void ExactToDouble(const ColumnView& in, int scale, double* out) {
  const From* values = in.values<From>();
  constexpr int128_t kExactInDouble = int128_t{1} << 53;
  const double divisor = scale <= 22 ? static_cast<double>(Pow10(scale)) : 0;
  for (int64_t i = 0; i < in.length; ++i) {
    const int128_t v = values[i];  // NOLINT(bugprone-signed-char-misuse): a TINYINT is a number
    // Both operands exact: one IEEE division rounds once, as DecimalToDouble does.
    const bool exact = divisor != 0 && v > -kExactInDouble && v < kExactInDouble;
    out[i] = scale == 0 ? static_cast<double>(v) : exact ? static_cast<double>(v) / divisor : DecimalToDouble(v, scale);
  }
}

// The fast path of CastColumn for exact numbers to DOUBLE, or null for another cast.
ColumnPtr TryExactToDoubleColumn(const ColumnView& in, const DataType& target) {
  const DataType& source = in.type;
  if (target.id != TypeId::kDouble || !(source.is_integer() || source.is_decimal())) return ColumnPtr();
  auto data = Buffer::Allocate(static_cast<size_t>(in.length) * sizeof(double));
  auto* out = reinterpret_cast<double*>(data->mutable_data());
  const int scale = SourceScale(source);
  switch (physical_type(source)) {
    case PhysicalType::kInt8: ExactToDouble<int8_t>(in, scale, out); break;
    case PhysicalType::kInt16: ExactToDouble<int16_t>(in, scale, out); break;
    case PhysicalType::kInt32: ExactToDouble<int32_t>(in, scale, out); break;
    case PhysicalType::kInt64: ExactToDouble<int64_t>(in, scale, out); break;
    case PhysicalType::kInt128: ExactToDouble<int128_t>(in, scale, out); break;
    default: return ColumnPtr();
  }
  std::shared_ptr<Buffer> validity;
  if (in.validity != nullptr) {
    validity = Buffer::Allocate(bitmap::Bytes(in.length));
    std::memcpy(validity->mutable_data(), in.validity, bitmap::Bytes(in.length));
  }
  return std::make_shared<Column>(target, in.length, std::move(data), std::move(validity), nullptr, -1);
}

}  // namespace

bool IsRelabel(const DataType& from, const DataType& to) {
  if (physical_type(from) != physical_type(to)) return false;
  if (from == to) return true;
  bool exact_from = from.is_integer() || from.is_decimal();
  bool exact_to = to.is_integer() || to.is_decimal();
  if (!exact_from || !exact_to || SourceScale(from) != SourceScale(to)) return false;
  int from_digits = from.is_decimal()           ? from.precision
                    : from.id == TypeId::kInt8  ? 3
                    : from.id == TypeId::kInt16 ? 5
                    : from.id == TypeId::kInt32 ? 10
                                                : 19;
  // A decimal target must hold every source value; an integer target holds all of its width.
  return to.is_integer() || to.precision >= from_digits;
}

Result<ColumnPtr> CastColumn(const ColumnView& input, const DataType& target) {
  ORBIT_ASSIGN_OR_RETURN(ColumnPtr widened, TryWidenExactColumn(input, target));
  if (widened) return widened;
  if (ColumnPtr as_double = TryExactToDoubleColumn(input, target)) return as_double;
  ColumnBuilder out(target, input.length);
  if (input.type.id == TypeId::kNull) {
    for (int64_t i = 0; i < input.length; ++i) out.AppendNull();
    return out.Finish();
  }
  for (int64_t i = 0; i < input.length; ++i) {
    if (!input.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    ORBIT_RETURN_IF_ERROR(CastRow(input, i, target, out));
  }
  return out.Finish();
}

}  // namespace orbit
