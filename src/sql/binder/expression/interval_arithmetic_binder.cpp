// Arithmetic with INTERVAL values, typed as PostgreSQL types it: TIMESTAMP - TIMESTAMP is an
// INTERVAL; TIMESTAMP or DATE +/- INTERVAL a TIMESTAMP (a DATE counts as its midnight);
// INTERVAL +/- INTERVAL, INTERVAL * number, number * INTERVAL and INTERVAL / number an
// INTERVAL. (DATE or TIMESTAMP +/- an INTERVAL literal is bound as date arithmetic first:
// arithmetic_binder.cpp.)
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/interval_expressions.h"

namespace orbit {

namespace {

bool IsTime(const ExprPtr& e) { return e->type.is_temporal(); }
bool IsInterval(const ExprPtr& e) { return e->type.is_interval(); }
bool IsNumber(const ExprPtr& e) { return e->type.is_numeric(); }

// A NULL literal takes the type the operator wants there.
Result<ExprPtr> As(ExprPtr e, const DataType& type) {
  if (e->type.id == TypeId::kNull) return Expr::Constant(Value::Null(type));
  return CastExpr(std::move(e), type);
}

}  // namespace

bool ExpressionBinder::IsIntervalArithmetic(const ast::Expr& expr, const ExprPtr& left, const ExprPtr& right) {
  if (IsInterval(left) || IsInterval(right)) return true;
  // TIMESTAMP - TIMESTAMP, and a DATE with a TIMESTAMP (DATE - DATE is a number of days).
  return expr.name == "-" && IsTime(left) && IsTime(right) &&
         (left->type.id == TypeId::kTimestamp || right->type.id == TypeId::kTimestamp);
}

Result<ExprPtr> ExpressionBinder::BindIntervalOperator(const ast::Expr& expr, ExprPtr left, ExprPtr right) {
  const std::string& op = expr.name;
  const DataType ts = DataType::Timestamp(), interval = DataType::Interval(), number = DataType::Double();
  auto call = [](IntervalOperator which, const DataType& type, std::vector<ExprPtr> operands) {
    return IntervalOperatorExpr(which, type, std::move(operands));
  };
  auto is_interval_or_null = [](const ExprPtr& e) { return IsInterval(e) || e->type.id == TypeId::kNull; };
  if (op == "-" && IsTime(left) && IsTime(right)) {
    ORBIT_ASSIGN_OR_RETURN(left, As(std::move(left), ts));
    ORBIT_ASSIGN_OR_RETURN(right, As(std::move(right), ts));
    return call(IntervalOperator::kTimestampMinusTimestamp, interval, {std::move(left), std::move(right)});
  }
  if (op == "+" && IsInterval(left) && IsTime(right)) std::swap(left, right);
  if ((op == "+" || op == "-") && IsTime(left) && is_interval_or_null(right)) {
    ORBIT_ASSIGN_OR_RETURN(left, As(std::move(left), ts));
    ORBIT_ASSIGN_OR_RETURN(right, As(std::move(right), interval));
    const auto which = op == "+" ? IntervalOperator::kTimestampPlusInterval : IntervalOperator::kTimestampMinusInterval;
    return call(which, ts, {std::move(left), std::move(right)});
  }
  if ((op == "+" || op == "-") && is_interval_or_null(left) && is_interval_or_null(right)) {
    ORBIT_ASSIGN_OR_RETURN(left, As(std::move(left), interval));
    ORBIT_ASSIGN_OR_RETURN(right, As(std::move(right), interval));
    const auto which = op == "+" ? IntervalOperator::kIntervalPlusInterval : IntervalOperator::kIntervalMinusInterval;
    return call(which, interval, {std::move(left), std::move(right)});
  }
  if (op == "*" && IsNumber(left) && IsInterval(right)) std::swap(left, right);
  if ((op == "*" || op == "/") && IsInterval(left) && (IsNumber(right) || right->type.id == TypeId::kNull)) {
    ORBIT_ASSIGN_OR_RETURN(right, As(std::move(right), number));
    const auto which = op == "*" ? IntervalOperator::kIntervalTimesNumber : IntervalOperator::kIntervalDivideNumber;
    return call(which, interval, {std::move(left), std::move(right)});
  }
  return Status::TypeError("operator does not exist: {} {} {} in {}", left->type.ToString(), op, right->type.ToString(),
                           expr.ToString());
}

Result<ExprPtr> ExpressionBinder::BindIntervalNegate(ExprPtr operand) {
  return IntervalOperatorExpr(IntervalOperator::kNegateInterval, DataType::Interval(), {std::move(operand)});
}

}  // namespace orbit
