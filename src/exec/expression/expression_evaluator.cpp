#include "exec/expression/expression_evaluator.h"

#include <algorithm>
#include <cstring>

#include "columnar/array_value.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "columnar/value_rows.h"
#include "common/check.h"
#include "devices/device_session.h"
#include "exec/expression/cast.h"
#include "exec/pipeline/validity.h"

namespace orbit {

Value ValueAt(const ColumnView& c, int64_t i) {
  if (!c.IsValid(i) || c.type.id == TypeId::kNull) return Value::Null(c.type);
  switch (c.type.id) {
    case TypeId::kBoolean: return Value::Boolean(c.GetBool(i));
    case TypeId::kInt8: return Value::Int8(c.values<int8_t>()[i]);
    case TypeId::kInt16: return Value::Int16(c.values<int16_t>()[i]);
    case TypeId::kInt32: return Value::Int32(c.values<int32_t>()[i]);
    case TypeId::kInt64: return Value::Int64(c.values<int64_t>()[i]);
    case TypeId::kDouble: return Value::Double(c.values<double>()[i]);
    case TypeId::kDate: return Value::Date(c.values<int32_t>()[i]);
    case TypeId::kTimestamp: return Value::Timestamp(c.values<int64_t>()[i]);
    case TypeId::kVarchar: return Value::Varchar(std::string(c.GetString(i)));
    case TypeId::kDecimal: {
      int128_t v = c.type.is_wide_decimal() ? c.values<int128_t>()[i] : c.values<int64_t>()[i];
      return Value::Decimal(v, c.type.precision, c.type.scale);
    }
    case TypeId::kFloat: {
      Value v = Value::Double(c.values<float>()[i]);
      v.type = c.type;
      return v;
    }
    case TypeId::kArray: {
      const uint8_t* row = ArrayRowAt(c, i);
      return Value::Array(c.type, std::vector<uint8_t>(row, row + c.type.byte_width()));
    }
    case TypeId::kInterval: return Value::Interval(UnpackInterval(c.values<int128_t>()[i]));
    case TypeId::kList: {
      const ColumnView elements = c.ChildView();
      std::vector<Value> values;
      for (int32_t k = c.offsets()[i]; k < c.offsets()[i + 1]; ++k) values.push_back(ValueAt(elements, k));
      return Value::List(c.type, std::move(values));
    }
    case TypeId::kNull: break;
  }
  return Value::Null(c.type);
}

ColumnPtr ConstantColumn(const Value& value, int64_t n) {
  if (value.is_null) return Column::AllNull(value.type, n);
  if (value.type.id == TypeId::kVarchar) {
    ColumnBuilder b(value.type, n);
    for (int64_t i = 0; i < n; ++i) b.AppendString(value.string_value);
    return b.Finish();
  }
  if (value.type.is_list()) {
    ColumnBuilder b(value.type, n);
    for (int64_t i = 0; i < n; ++i) AppendValue(b, value);
    return b.Finish();
  }
  auto column = Column::Allocate(value.type, n);
  switch (physical_type(value.type)) {
    case PhysicalType::kBit:
      std::memset(column->mutable_values<uint8_t>(), value.bool_value ? 0xff : 0, bitmap::Bytes(n));
      break;
    case PhysicalType::kInt8: std::fill_n(column->mutable_values<int8_t>(), n, value.int_value); break;
    case PhysicalType::kInt16: std::fill_n(column->mutable_values<int16_t>(), n, value.int_value); break;
    case PhysicalType::kInt32: std::fill_n(column->mutable_values<int32_t>(), n, value.int_value); break;
    case PhysicalType::kInt64: std::fill_n(column->mutable_values<int64_t>(), n, value.int_value); break;
    case PhysicalType::kInt128: std::fill_n(column->mutable_values<int128_t>(), n, value.wide_value); break;
    case PhysicalType::kDouble: std::fill_n(column->mutable_values<double>(), n, value.double_value); break;
    case PhysicalType::kFloat:
      std::fill_n(column->mutable_values<float>(), n, static_cast<float>(value.double_value));
      break;
    case PhysicalType::kFixedArray: {
      const size_t width = value.array_data.size();
      uint8_t* out = column->mutable_values<uint8_t>();
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + static_cast<size_t>(i) * width, value.array_data.data(), width);
      break;
    }
    default: break;
  }
  return column;
}

Result<Value> EvaluateConstant(const Expr& expr) {
  ExpressionEvaluator evaluator(ReferenceKernels());
  Chunk chunk;
  chunk.size = 1;
  ORBIT_ASSIGN_OR_RETURN(Vector v, evaluator.Evaluate(expr, chunk));
  return ValueAt(v.view, 0);
}

Result<Vector> ExpressionEvaluator::Evaluate(const Expr& expr, const Chunk& chunk) {
  switch (expr.kind) {
    case ExprKind::kColumnRef: return chunk.columns.at(expr.column_index);
    case ExprKind::kConstant: return Vector::Of(ConstantColumn(expr.constant, chunk.size));
    case ExprKind::kCast: {
      ORBIT_ASSIGN_OR_RETURN(Vector child, Evaluate(*expr.children[0], chunk));
      if (IsRelabel(child.view.type, expr.type)) {
        child.view.type = expr.type;
        return child;
      }
      ORBIT_ASSIGN_OR_RETURN(ColumnPtr cast, CastColumn(child.view, expr.type));
      return Vector::Of(std::move(cast));
    }
    case ExprKind::kArithmetic:
    case ExprKind::kNegate: return EvaluateArithmetic(expr, chunk);
    case ExprKind::kDateAddDays:
    case ExprKind::kDateAddMonths:
    case ExprKind::kDateDiff: return EvaluateDate(expr, chunk);
    case ExprKind::kTimestampAddMonths:
    case ExprKind::kTimestampAddMicros: return EvaluateTimestamp(expr, chunk);
    case ExprKind::kCase: return EvaluateCase(expr, chunk);
    case ExprKind::kFunction: return EvaluateFunction(expr, chunk);
    case ExprKind::kCoalesce: return EvaluateCoalesce(expr, chunk);
    case ExprKind::kNullIf: return EvaluateNullIf(expr, chunk);
    case ExprKind::kIsDistinct: return EvaluateIsDistinct(expr, chunk);
    case ExprKind::kGreatest:
    case ExprKind::kLeast: return EvaluateGreatestLeast(expr, chunk);
    default: return EvaluateBoolean(expr, chunk);
  }
}

namespace {

template <typename T>
T MaxAbsFor(const DataType& type) {
  if constexpr (std::is_same_v<T, double>) {
    return 0;
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return INT32_MAX;
  } else {
    if (type.is_decimal()) return static_cast<T>(MaxForPrecision(type.precision));
    if constexpr (std::is_same_v<T, int64_t>) return INT64_MAX;
    return static_cast<T>(MaxForPrecision(kMaxDecimalPrecision));
  }
}

template <typename T>
int64_t RunArithmetic(const ArithmeticKernels<T>& kernels, ArithmeticOp op, const Vector& a, const Vector& b,
                      bool b_scalar, const uint8_t* validity, int64_t n, const DataType& type, Column& out) {
  return kernels.binary(op, a.view.values<T>(), b.view.values<T>(), b_scalar, validity, static_cast<size_t>(n),
                        MaxAbsFor<T>(type), out.mutable_values<T>());
}

ArithmeticOp ToKernelOp(ArithmeticKind kind) {
  switch (kind) {
    case ArithmeticKind::kAdd: return ArithmeticOp::kAdd;
    case ArithmeticKind::kSub: return ArithmeticOp::kSub;
    default: return ArithmeticOp::kMul;
  }
}

Status OverflowError(const Expr& expr, const Vector& a, const Vector& b, bool b_scalar, int64_t row) {
  Value left = ValueAt(a.view, row);
  Value right = ValueAt(b.view, b_scalar ? 0 : row);
  return Status::OutOfRange("overflow in {}: {} and {} give a result that does not fit {}", expr.ToString(),
                            left.ToString(), right.ToString(), expr.type.ToString());
}

}  // namespace

Result<Vector> ExpressionEvaluator::EvaluateArithmetic(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  if (expr.kind == ExprKind::kNegate) {
    // -x is 0 - x, with the same overflow check (negating INT64_MIN fails).
    Expr zero_minus = expr;
    zero_minus.kind = ExprKind::kArithmetic;
    zero_minus.arithmetic = ArithmeticKind::kSub;
    Value zero = Value::Int64(0);
    zero.type = expr.type;
    zero_minus.children = {Expr::Constant(zero), expr.children[0]};
    return EvaluateArithmetic(zero_minus, chunk);
  }
  const Expr* left = expr.children[0].get();
  const Expr* right = expr.children[1].get();
  bool commutative = expr.arithmetic == ArithmeticKind::kAdd || expr.arithmetic == ArithmeticKind::kMul;
  if (commutative && left->kind == ExprKind::kConstant && right->kind != ExprKind::kConstant) {
    std::swap(left, right);
  }
  for (const Expr* side : {left, right}) {
    if (side->kind == ExprKind::kConstant && side->constant.is_null) {
      return Vector::Of(Column::AllNull(expr.type, n));
    }
  }
  ORBIT_ASSIGN_OR_RETURN(Vector a, Evaluate(*left, chunk));
  bool b_scalar = right->kind == ExprKind::kConstant;
  Vector b;
  if (b_scalar) {
    b = Vector::Of(ConstantColumn(right->constant, 1));
  } else {
    ORBIT_ASSIGN_OR_RETURN(b, Evaluate(*right, chunk));
  }
  if (expr.arithmetic == ArithmeticKind::kDiv || expr.arithmetic == ArithmeticKind::kMod) {
    if (b_scalar) b = Vector::Of(ConstantColumn(right->constant, n));
    return EvaluateDivision(expr, a, b, n);
  }
  auto out = Column::Allocate(expr.type, n);
  std::shared_ptr<Buffer> validity = CombineValidity(a.view.validity, b_scalar ? nullptr : b.view.validity, n);
  const uint8_t* valid = validity ? validity->data() : nullptr;
  ArithmeticOp op = ToKernelOp(expr.arithmetic);
  int64_t failed = -1;
  switch (physical_type(expr.type)) {
    case PhysicalType::kInt32:
      failed = RunArithmetic(kernels_.arith_i32, op, a, b, b_scalar, valid, n, expr.type, *out);
      break;
    case PhysicalType::kInt64:
      failed = RunArithmetic(kernels_.arith_i64, op, a, b, b_scalar, valid, n, expr.type, *out);
      break;
    case PhysicalType::kInt128:
      failed = RunArithmetic(kernels_.arith_i128, op, a, b, b_scalar, valid, n, expr.type, *out);
      break;
    case PhysicalType::kDouble:
      failed = RunArithmetic(kernels_.arith_f64, op, a, b, b_scalar, valid, n, expr.type, *out);
      break;
    default: ORBIT_UNREACHABLE("arithmetic on {}", expr.type.ToString());
  }
  if (failed >= 0) return OverflowError(expr, a, b, b_scalar, failed);
  // Computed on a device, the result is also there: later kernels reading it use that copy.
  if (DeviceSession* session = DeviceSession::Current()) session->KeepOutput(out->data_buffer());
  auto result = std::make_shared<Column>(expr.type, n, out->data_buffer(), validity, nullptr, -1);
  return Vector::Of(std::move(result));
}

namespace {

template <typename T>
Status DivideTyped(const Expr& expr, const ColumnView& a, const ColumnView& b, const uint8_t* valid, int64_t n,
                   T* out) {
  const T* x = a.values<T>();
  const T* y = b.values<T>();
  bool is_mod = expr.arithmetic == ArithmeticKind::kMod;
  for (int64_t i = 0; i < n; ++i) {
    if (valid && !bitmap::Get(valid, i)) {
      out[i] = 0;
      continue;
    }
    if (y[i] == 0) return Status::OutOfRange("division by zero in {}", expr.ToString());
    if constexpr (std::is_same_v<T, double>) {
      out[i] = x[i] / y[i];
    } else {
      // INT_MIN / -1 overflows; INT_MIN % -1 is 0.
      if (y[i] == -1) {
        if (is_mod) {
          out[i] = 0;
          continue;
        }
        if (x[i] == std::numeric_limits<T>::min()) {
          return Status::OutOfRange("overflow in {}: result does not fit {}", expr.ToString(), expr.type.ToString());
        }
      }
      out[i] = is_mod ? x[i] % y[i] : x[i] / y[i];
    }
  }
  return Status::OK();
}

}  // namespace

Result<Vector> ExpressionEvaluator::EvaluateDivision(const Expr& expr, const Vector& a, const Vector& b, int64_t n) {
  auto out = Column::Allocate(expr.type, n);
  std::shared_ptr<Buffer> validity = CombineValidity(a.view.validity, b.view.validity, n);
  const uint8_t* valid = validity ? validity->data() : nullptr;
  Status status;
  switch (physical_type(expr.type)) {
    case PhysicalType::kInt32:
      status = DivideTyped(expr, a.view, b.view, valid, n, out->mutable_values<int32_t>());
      break;
    case PhysicalType::kInt64:
      status = DivideTyped(expr, a.view, b.view, valid, n, out->mutable_values<int64_t>());
      break;
    case PhysicalType::kInt128:
      status = DivideTyped(expr, a.view, b.view, valid, n, out->mutable_values<int128_t>());
      break;
    case PhysicalType::kDouble:
      status = DivideTyped(expr, a.view, b.view, valid, n, out->mutable_values<double>());
      break;
    default: ORBIT_UNREACHABLE("division on {}", expr.type.ToString());
  }
  ORBIT_RETURN_IF_ERROR(status);
  return Vector::Of(std::make_shared<Column>(expr.type, n, out->data_buffer(), validity, nullptr, -1));
}

Result<Vector> ExpressionEvaluator::EvaluateTimestamp(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  ORBIT_ASSIGN_OR_RETURN(Vector a, Evaluate(*expr.children[0], chunk));
  ORBIT_ASSIGN_OR_RETURN(Vector b, Evaluate(*expr.children[1], chunk));
  auto validity = CombineValidity(a.view.validity, b.view.validity, n);
  auto out = Column::Allocate(expr.type, n);
  const int64_t* x = a.view.values<int64_t>();
  int64_t* r = out->mutable_values<int64_t>();
  const uint8_t* valid = validity ? validity->data() : nullptr;
  const bool months = expr.kind == ExprKind::kTimestampAddMonths;
  for (int64_t i = 0; i < n; ++i) {
    // NULL rows hold arbitrary values: they must neither fail nor wrap.
    if (valid && !bitmap::Get(valid, i)) {
      r[i] = 0;
      continue;
    }
    std::optional<int64_t> result = months ? TimestampAddMonths(x[i], b.view.values<int32_t>()[i])
                                           : TimestampAddMicros(x[i], b.view.values<int64_t>()[i]);
    if (!result) {
      return Status::OutOfRange("timestamp out of range in {}: {} and {}", expr.ToString(),
                                ValueAt(a.view, i).ToString(), ValueAt(b.view, i).ToString());
    }
    r[i] = *result;
  }
  return Vector::Of(std::make_shared<Column>(expr.type, n, out->data_buffer(), validity, nullptr, -1));
}

Result<Vector> ExpressionEvaluator::EvaluateDate(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  ORBIT_ASSIGN_OR_RETURN(Vector a, Evaluate(*expr.children[0], chunk));
  ORBIT_ASSIGN_OR_RETURN(Vector b, Evaluate(*expr.children[1], chunk));
  auto validity = CombineValidity(a.view.validity, b.view.validity, n);
  auto out = Column::Allocate(expr.type, n);
  const int32_t* x = a.view.values<int32_t>();
  const int32_t* y = b.view.values<int32_t>();
  int32_t* r = out->mutable_values<int32_t>();
  const uint8_t* valid = validity ? validity->data() : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    // NULL rows hold arbitrary values: they must neither fail nor wrap.
    if (valid && !bitmap::Get(valid, i)) {
      r[i] = 0;
      continue;
    }
    int64_t result;
    switch (expr.kind) {
      case ExprKind::kDateAddDays: result = int64_t{x[i]} + y[i]; break;
      case ExprKind::kDateAddMonths: {
        const std::optional<int32_t> shifted = AddMonths(x[i], y[i]);
        result = shifted ? int64_t{*shifted} : int64_t{INT32_MAX} + 1;
        break;
      }
      default: result = int64_t{x[i]} - y[i]; break;
    }
    if (result < INT32_MIN || result > INT32_MAX) {
      return Status::OutOfRange("date out of range in {}: {} and {}", expr.ToString(), ValueAt(a.view, i).ToString(),
                                ValueAt(b.view, i).ToString());
    }
    r[i] = static_cast<int32_t>(result);
  }
  return Vector::Of(std::make_shared<Column>(expr.type, n, out->data_buffer(), validity, nullptr, -1));
}

}  // namespace orbit
