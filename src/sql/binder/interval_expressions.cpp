#include "sql/binder/interval_expressions.h"

#include "exec/expression/expression_evaluator.h"
#include "functions/function_registry.h"
#include "sql/binder/constant_folding.h"

namespace orbit {

namespace {

Result<ExprPtr> OperatorCall(const char* name, int variant, const DataType& type, std::vector<ExprPtr> operands) {
  const ScalarFunction* function = BuiltinFunctions().FindOperator(name);
  if (function == nullptr) return Status::Internal("operator {} is not registered", name);
  bool constant = true;
  for (const ExprPtr& operand : operands) constant = constant && IsConstant(operand);
  ExprPtr call = Expr::Function(*function, variant, type, std::move(operands));
  if (!constant) return call;
  ORBIT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*call));
  return Expr::Constant(std::move(v));
}

}  // namespace

Result<ExprPtr> IntervalOperatorExpr(IntervalOperator op, const DataType& type, std::vector<ExprPtr> operands) {
  return OperatorCall(kIntervalOperatorName, static_cast<int>(op), type, std::move(operands));
}

Result<ExprPtr> IntervalSpanExpr(ExprPtr interval) {
  return OperatorCall(kIntervalSpanName, 0, DataType::Decimal(kMaxDecimalPrecision, 0), {std::move(interval)});
}

Result<ExprPtr> ComparableExpr(ExprPtr operand) {
  if (!operand->type.is_interval()) return operand;
  return IntervalSpanExpr(std::move(operand));
}

}  // namespace orbit
