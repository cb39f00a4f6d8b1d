#include "sql/binder/constant_folding.h"

#include <cmath>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "columnar/value_rows.h"
#include "exec/expression/cast.h"
#include "exec/expression/expression_evaluator.h"
#include "sql/binder/interval_expressions.h"

namespace orbit {

namespace {

ColumnPtr OneRowColumn(const Value& v) {
  ColumnBuilder builder(v.type, 1);
  AppendValue(builder, v);
  return builder.Finish();
}

// An exact result (scaled integer) of `type`, or an error when it does not fit.
Result<Value> ExactValue(int128_t v, const DataType& type, const Expr& shown) {
  bool fits = false;
  switch (type.id) {
    case TypeId::kInt32: fits = v >= INT32_MIN && v <= INT32_MAX; break;
    case TypeId::kInt64: fits = v >= INT64_MIN && v <= INT64_MAX; break;
    case TypeId::kDecimal: fits = v >= -MaxForPrecision(type.precision) && v <= MaxForPrecision(type.precision); break;
    default: break;
  }
  if (!fits) return Status::OutOfRange("{} is out of range for {}", shown.ToString(), type.ToString());
  switch (type.id) {
    case TypeId::kInt32: return Value::Int32(static_cast<int32_t>(v));
    case TypeId::kInt64: return Value::Int64(static_cast<int64_t>(v));
    default: return Value::Decimal(v, type.precision, type.scale);
  }
}

Result<Value> FoldExactArithmetic(const Expr& e, int128_t a, int128_t b) {
  int128_t r = 0;
  switch (e.arithmetic) {
    case ArithmeticKind::kAdd: r = a + b; break;
    case ArithmeticKind::kSub: r = a - b; break;
    case ArithmeticKind::kMul:
      if (__builtin_mul_overflow(a, b, &r)) {
        return Status::OutOfRange("{} is out of range for {}", e.ToString(), e.type.ToString());
      }
      break;
    case ArithmeticKind::kDiv:
    case ArithmeticKind::kMod:
      if (b == 0) return Status::OutOfRange("division by zero in {}", e.ToString());
      r = e.arithmetic == ArithmeticKind::kDiv ? a / b : a % b;
      break;
  }
  return ExactValue(r, e.type, e);
}

Result<Value> FoldDoubleArithmetic(const Expr& e, double a, double b) {
  switch (e.arithmetic) {
    case ArithmeticKind::kAdd: return Value::Double(a + b);
    case ArithmeticKind::kSub: return Value::Double(a - b);
    case ArithmeticKind::kMul: return Value::Double(a * b);
    case ArithmeticKind::kDiv:
      if (b == 0) return Status::OutOfRange("division by zero in {}", e.ToString());
      return Value::Double(a / b);
    case ArithmeticKind::kMod: break;
  }
  return Status::Internal("% on DOUBLE in {}", e.ToString());
}

// Orders two non-NULL values of one type as the executor does (NaN is the largest double).
int CompareValues(const Value& a, const Value& b) {
  switch (a.type.id) {
    case TypeId::kBoolean: return static_cast<int>(a.bool_value) - static_cast<int>(b.bool_value);
    case TypeId::kFloat:
    case TypeId::kDouble: {
      bool a_nan = std::isnan(a.double_value), b_nan = std::isnan(b.double_value);
      if (a_nan || b_nan) return static_cast<int>(a_nan) - static_cast<int>(b_nan);
      return a.double_value < b.double_value ? -1 : a.double_value > b.double_value ? 1 : 0;
    }
    case TypeId::kVarchar: return a.string_value.compare(b.string_value);
    case TypeId::kInterval: {
      const int128_t x = IntervalSpan(a.AsInterval()), y = IntervalSpan(b.AsInterval());
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default: {
      int128_t x = a.AsInt128(), y = b.AsInt128();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

bool Satisfies(CompareOp op, int order) {
  switch (op) {
    case CompareOp::kEq: return order == 0;
    case CompareOp::kNe: return order != 0;
    case CompareOp::kLt: return order < 0;
    case CompareOp::kLe: return order <= 0;
    case CompareOp::kGt: return order > 0;
    case CompareOp::kGe: return order >= 0;
  }
  return false;
}

}  // namespace

Result<ExprPtr> CompareExpr(CompareOp op, ExprPtr left, ExprPtr right) {
  // Intervals compare by their span ('1 mon' = '30 days'), which is not their bits.
  ORBIT_ASSIGN_OR_RETURN(left, ComparableExpr(std::move(left)));
  ORBIT_ASSIGN_OR_RETURN(right, ComparableExpr(std::move(right)));
  // Arrays are ordered element by element by the executor (CompareListRows), not here.
  const bool foldable = IsConstant(left) && IsConstant(right) && !left->type.is_list() && !left->type.is_array();
  if (!foldable) return Expr::Compare(op, std::move(left), std::move(right));
  const Value& a = left->constant;
  const Value& b = right->constant;
  if (a.is_null || b.is_null) return Expr::Constant(Value::Null(DataType::Boolean()));
  return Expr::Constant(Value::Boolean(Satisfies(op, CompareValues(a, b))));
}

Result<Value> CastValue(const Value& value, const DataType& type) {
  if (value.type == type) return value;
  if (value.is_null) return Value::Null(type);
  ColumnPtr input = OneRowColumn(value);
  ORBIT_ASSIGN_OR_RETURN(ColumnPtr cast, CastColumn(input->view(), type));
  return ValueAt(cast->view(), 0);
}

Result<ExprPtr> CastExpr(ExprPtr child, const DataType& type) {
  if (child->type == type) return child;
  if (!IsConstant(child)) return Expr::Cast(std::move(child), type);
  ORBIT_ASSIGN_OR_RETURN(Value v, CastValue(child->constant, type));
  return Expr::Constant(std::move(v));
}

Result<ExprPtr> NegateExpr(ExprPtr child) {
  // TINYINT, SMALLINT and REAL negate as INTEGER and DOUBLE and narrow back:
  // -(-32768::smallint) is "smallint out of range", as in PostgreSQL.
  if (child->type.is_small_integer() || child->type.id == TypeId::kFloat) {
    const DataType narrow = child->type;
    ORBIT_ASSIGN_OR_RETURN(child,
                           CastExpr(std::move(child), narrow.is_float() ? DataType::Double() : DataType::Int32()));
    ORBIT_ASSIGN_OR_RETURN(ExprPtr negated, NegateExpr(std::move(child)));
    return CastExpr(std::move(negated), narrow);
  }
  ExprPtr e = Expr::Make(ExprKind::kNegate, child->type, {child});
  if (!IsConstant(child)) return e;
  const Value& v = child->constant;
  if (v.is_null) return Expr::Constant(Value::Null(v.type));
  if (v.type.id == TypeId::kDouble) return Expr::Constant(Value::Double(-v.double_value));
  ORBIT_ASSIGN_OR_RETURN(Value negated, ExactValue(-v.AsInt128(), v.type, *e));
  return Expr::Constant(std::move(negated));
}

Result<ExprPtr> ArithmeticExpr(ArithmeticKind op, const DataType& type, ExprPtr left, ExprPtr right) {
  ExprPtr e = Expr::Arithmetic(op, type, left, right);
  if (!IsConstant(left) || !IsConstant(right)) return e;
  const Value& a = left->constant;
  const Value& b = right->constant;
  if (a.is_null || b.is_null) return Expr::Constant(Value::Null(type));
  if (type.id == TypeId::kDouble) {
    ORBIT_ASSIGN_OR_RETURN(Value v, FoldDoubleArithmetic(*e, a.double_value, b.double_value));
    return Expr::Constant(std::move(v));
  }
  ORBIT_ASSIGN_OR_RETURN(Value v, FoldExactArithmetic(*e, a.AsInt128(), b.AsInt128()));
  return Expr::Constant(std::move(v));
}

Result<ExprPtr> DateExpr(ExprKind kind, ExprPtr left, ExprPtr right) {
  const bool timestamp = kind == ExprKind::kTimestampAddMonths || kind == ExprKind::kTimestampAddMicros;
  DataType type = kind == ExprKind::kDateDiff ? DataType::Int32()
                  : timestamp                 ? DataType::Timestamp()
                                              : DataType::Date();
  ExprPtr e = Expr::Make(kind, type, {left, right});
  if (!IsConstant(left) || !IsConstant(right)) return e;
  const Value& a = left->constant;
  const Value& b = right->constant;
  if (a.is_null || b.is_null) return Expr::Constant(Value::Null(type));
  if (timestamp) {
    std::optional<int64_t> micros = kind == ExprKind::kTimestampAddMonths
                                        ? TimestampAddMonths(a.int_value, b.int_value)
                                        : TimestampAddMicros(a.int_value, b.int_value);
    if (!micros) return Status::OutOfRange("timestamp out of range: {}", e->ToString());
    return Expr::Constant(Value::Timestamp(*micros));
  }
  int64_t days = a.int_value;
  switch (kind) {
    case ExprKind::kDateAddDays: days += b.int_value; break;
    case ExprKind::kDateAddMonths: {
      std::optional<int32_t> shifted = AddMonths(static_cast<int32_t>(days), b.int_value);
      if (!shifted) return Status::OutOfRange("date out of range: {}", e->ToString());
      days = *shifted;
      break;
    }
    default: days -= b.int_value; break;
  }
  if (days < INT32_MIN || days > INT32_MAX) return Status::OutOfRange("date out of range: {}", e->ToString());
  if (kind == ExprKind::kDateDiff) return Expr::Constant(Value::Int32(static_cast<int32_t>(days)));
  return Expr::Constant(Value::Date(static_cast<int32_t>(days)));
}

}  // namespace orbit
