// Arithmetic: + - * / % over numbers, DATE +/- INTEGER, DATE - DATE, and DATE or TIMESTAMP
// +/- INTERVAL literals, typed exactly as plan/expression.h promises the executor; arithmetic
// with other INTERVAL values goes to interval_arithmetic_binder.cpp.
#include <cctype>
#include <optional>

#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/interval_literal.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

ArithmeticKind ArithmeticKindFor(const std::string& op) {
  if (op == "+") return ArithmeticKind::kAdd;
  if (op == "-") return ArithmeticKind::kSub;
  if (op == "*") return ArithmeticKind::kMul;
  if (op == "/") return ArithmeticKind::kDiv;
  return ArithmeticKind::kMod;
}

// The decimal an exact operand counts as next to `other`: INTEGER is DECIMAL(10,0), BIGINT
// DECIMAL(19,0), except that a BIGINT literal of at most 18 digits next to a 64-bit decimal
// counts as DECIMAL(18,0), keeping the arithmetic in 64 bits.
DataType DecimalOperandType(const ExprPtr& e, const DataType& other) {
  if (e->type.id == TypeId::kInt64 && IsConstant(e) && !e->constant.is_null &&
      AsDecimal(other).precision <= kMaxDecimal64Precision) {
    int64_t v = e->constant.int_value;
    if (v <= MaxForPrecision(kMaxDecimal64Precision) && v >= -MaxForPrecision(kMaxDecimal64Precision)) {
      return DataType::Decimal(kMaxDecimal64Precision, 0);
    }
  }
  return AsDecimal(e->type);
}

Status ArithmeticTypeError(const ast::Expr& expr, const DataType& left, const DataType& right) {
  return Status::TypeError("cannot apply {} to {} and {} in {}", expr.name, left.ToString(), right.ToString(),
                           expr.ToString());
}

}  // namespace

Result<ExprPtr> ExpressionBinder::BindArithmetic(const ast::Expr& expr) {
  if (IsIntervalLiteral(*expr.children[0]) || IsIntervalLiteral(*expr.children[1])) {
    return BindIntervalArithmetic(expr);
  }
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
  // An untyped literal beside an INTERVAL value is an interval (interval_column + '1 hour').
  for (int side = 0; side < 2; ++side) {
    if (operands[1 - side]->type.is_interval() && expr.children[side]->IsStringLiteral()) {
      ORBIT_ASSIGN_OR_RETURN(operands[side], CastExpr(std::move(operands[side]), DataType::Interval()));
    }
  }
  if (IsIntervalArithmetic(expr, operands[0], operands[1])) {
    return BindIntervalOperator(expr, std::move(operands[0]), std::move(operands[1]));
  }
  if (operands[0]->type.id == TypeId::kDate || operands[1]->type.id == TypeId::kDate) {
    return BindDateArithmetic(expr, std::move(operands[0]), std::move(operands[1]));
  }
  return BindNumericArithmetic(expr, ArithmeticKindFor(expr.name), std::move(operands[0]), std::move(operands[1]));
}

Result<ExprPtr> ExpressionBinder::BindNumericArithmetic(const ast::Expr& expr, ArithmeticKind op, ExprPtr left,
                                                        ExprPtr right) {
  // A NULL literal takes the other operand's type.
  if (left->type.id == TypeId::kNull) {
    left = Expr::Constant(Value::Null(right->type.id == TypeId::kNull ? DataType::Int32() : right->type));
  }
  if (right->type.id == TypeId::kNull) right = Expr::Constant(Value::Null(left->type));
  const DataType lt = left->type, rt = right->type;
  if (!lt.is_numeric() || !rt.is_numeric()) return ArithmeticTypeError(expr, lt, rt);
  if (op == ArithmeticKind::kMod && (!lt.is_integer() || !rt.is_integer())) {
    return Status::TypeError("operator % takes integer operands, not {} and {}, in {}", lt.ToString(), rt.ToString(),
                             expr.ToString());
  }

  DataType type;
  DataType left_type, right_type;  // what each operand is cast to
  // TINYINT and SMALLINT compute as INTEGER, REAL as DOUBLE (exact: a double holds the
  // rounded float result of + - * / on two floats), and the result narrows back to the
  // operands' type with PostgreSQL's range errors ("smallint out of range").
  std::optional<DataType> narrowed;
  if (lt.is_integer() && rt.is_integer()) {
    // Integer division truncates, as in PostgreSQL.
    type = lt.id == TypeId::kInt64 || rt.id == TypeId::kInt64 ? DataType::Int64() : DataType::Int32();
    if (lt.is_small_integer() && rt.is_small_integer()) {
      narrowed = NumericRank(lt) > NumericRank(rt) ? lt : rt;
    }
    left_type = right_type = type;
  } else if (op == ArithmeticKind::kDiv || lt.is_float() || rt.is_float()) {
    // REAL with anything but REAL is DOUBLE PRECISION, as PostgreSQL's operators.
    if (lt.id == TypeId::kFloat && rt.id == TypeId::kFloat) narrowed = DataType::Float();
    type = left_type = right_type = DataType::Double();
  } else if (op == ArithmeticKind::kMul) {
    DataType a = DecimalOperandType(left, rt), b = DecimalOperandType(right, lt);
    Result<DataType> product = DecimalMultiplyType(a, b);
    if (!product.ok()) return Status::TypeError("{} in {}", product.status().message(), expr.ToString());
    type = *product;
    // The executor multiplies operands of the result's width: 64-bit operands for a 64-bit
    // product, 128-bit ones (precision >= 19) otherwise.
    auto widen = [&](const DataType& t) {
      return type.is_wide_decimal() ? DataType::Decimal(std::max<int>(t.precision, kMaxDecimal64Precision + 1), t.scale)
                                    : t;
    };
    left_type = widen(a);
    right_type = widen(b);
  } else {
    type = DecimalAddType(DecimalOperandType(left, rt), DecimalOperandType(right, lt));
    left_type = right_type = type;
  }
  ORBIT_ASSIGN_OR_RETURN(left, CastExpr(std::move(left), left_type));
  ORBIT_ASSIGN_OR_RETURN(right, CastExpr(std::move(right), right_type));
  ORBIT_ASSIGN_OR_RETURN(ExprPtr result, ArithmeticExpr(op, type, std::move(left), std::move(right)));
  if (narrowed) return CastExpr(std::move(result), *narrowed);
  return result;
}

Result<ExprPtr> ExpressionBinder::BindDateArithmetic(const ast::Expr& expr, ExprPtr left, ExprPtr right) {
  auto is_date = [](const ExprPtr& e) { return e->type.id == TypeId::kDate; };
  auto is_days = [](const ExprPtr& e) { return e->type.is_integer() || e->type.id == TypeId::kNull; };
  if (expr.name == "+" && (is_date(left) || is_date(right)) && (is_days(left) || is_days(right))) {
    if (!is_date(left)) std::swap(left, right);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr days, CastExpr(std::move(right), DataType::Int32()));
    return DateExpr(ExprKind::kDateAddDays, std::move(left), std::move(days));
  }
  if (expr.name == "-" && is_date(left) && is_date(right)) {
    return DateExpr(ExprKind::kDateDiff, std::move(left), std::move(right));
  }
  if (expr.name == "-" && is_date(left) && is_days(right)) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr days, CastExpr(std::move(right), DataType::Int32()));
    ORBIT_ASSIGN_OR_RETURN(days, NegateExpr(std::move(days)));
    return DateExpr(ExprKind::kDateAddDays, std::move(left), std::move(days));
  }
  return ArithmeticTypeError(expr, left->type, right->type);
}

Result<ExprPtr> ExpressionBinder::BindIntervalArithmetic(const ast::Expr& expr) {
  const ast::Expr& l = *expr.children[0];
  const ast::Expr& r = *expr.children[1];
  bool interval_left = IsIntervalLiteral(l);
  if ((expr.name != "+" && expr.name != "-") || (interval_left && IsIntervalLiteral(r)) ||
      (interval_left && expr.name == "-")) {
    // Not a time shifted by a literal: arithmetic of INTERVAL values.
    ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
    return BindIntervalOperator(expr, std::move(operands[0]), std::move(operands[1]));
  }
  const ast::Expr& interval_expr = interval_left ? l : r;
  const ast::Expr& time_expr = interval_left ? r : l;
  ORBIT_ASSIGN_OR_RETURN(ExprPtr time, BindNode(time_expr));
  // An untyped literal that reads as an interval is one ('1 hour' + INTERVAL '1 day', as
  // PostgreSQL reads it); one that does not is a date or a timestamp (Orbit's reading).
  const bool interval_text = time_expr.IsStringLiteral() && ParseInterval(time->constant.string_value).ok();
  if (interval_text || (!time_expr.IsStringLiteral() && !time->type.is_temporal() && time->type.id != TypeId::kNull)) {
    if (interval_text) {
      ORBIT_ASSIGN_OR_RETURN(time, CastExpr(std::move(time), DataType::Interval()));
    }
    ORBIT_ASSIGN_OR_RETURN(ExprPtr value, BindNode(interval_expr));
    if (interval_left) return BindIntervalOperator(expr, std::move(value), std::move(time));
    return BindIntervalOperator(expr, std::move(time), std::move(value));
  }
  ORBIT_ASSIGN_OR_RETURN(IntervalParts interval, ParseIntervalLiteral(interval_expr));
  // An untyped literal is a timestamp when it has a time of day or the interval does.
  if (time_expr.IsStringLiteral()) {
    const bool has_time = time->constant.string_value.find(':') != std::string::npos || interval.micros != 0;
    ORBIT_ASSIGN_OR_RETURN(time, CastExpr(std::move(time), has_time ? DataType::Timestamp() : DataType::Date()));
  } else if (time->type.id == TypeId::kNull) {
    ORBIT_ASSIGN_OR_RETURN(time, CastExpr(std::move(time), DataType::Date()));
  }
  if (!time->type.is_temporal()) {
    return Status::TypeError("cannot apply {} to {} and INTERVAL in {}", expr.name, time->type.ToString(),
                             expr.ToString());
  }
  // A DATE plus whole days and months stays a DATE (PostgreSQL gives a TIMESTAMP at
  // midnight); with hours, minutes or seconds it becomes a TIMESTAMP, as in PostgreSQL.
  if (time->type.id == TypeId::kDate && interval.micros != 0) {
    ORBIT_ASSIGN_OR_RETURN(time, CastExpr(std::move(time), DataType::Timestamp()));
  }
  // Months first, then days, then the time, as PostgreSQL adds an interval's parts.
  const int64_t sign = expr.name == "-" ? -1 : 1;
  const bool is_date = time->type.id == TypeId::kDate;
  if (interval.months != 0) {
    ORBIT_ASSIGN_OR_RETURN(time,
                           DateExpr(is_date ? ExprKind::kDateAddMonths : ExprKind::kTimestampAddMonths, std::move(time),
                                    Expr::Constant(Value::Int32(static_cast<int32_t>(sign * interval.months)))));
  }
  if (is_date && interval.days != 0) {
    ORBIT_ASSIGN_OR_RETURN(time, DateExpr(ExprKind::kDateAddDays, std::move(time),
                                          Expr::Constant(Value::Int32(static_cast<int32_t>(sign * interval.days)))));
  }
  const int64_t micros = interval.FixedMicros();
  if (!is_date && micros != 0) {
    ORBIT_ASSIGN_OR_RETURN(
        time, DateExpr(ExprKind::kTimestampAddMicros, std::move(time), Expr::Constant(Value::Int64(sign * micros))));
  }
  return time;
}

}  // namespace orbit
