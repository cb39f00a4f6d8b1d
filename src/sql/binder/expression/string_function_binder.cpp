// String functions: substring(s, start [, count]) and SUBSTRING(s FROM start [FOR count]).
#include "exec/expression/expression_evaluator.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"

namespace orbit {

Result<ExprPtr> ExpressionBinder::BindSubstring(const ast::Expr& expr) {
  if (expr.children.size() != 2 && expr.children.size() != 3) {
    return Status::BindError("{} takes a string, a start and optionally a length: {}", expr.name, expr.ToString());
  }
  std::vector<ExprPtr> operands;
  for (size_t i = 0; i < expr.children.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr operand, BindNode(*expr.children[i]));
    const DataType wanted = i == 0 ? DataType::Varchar() : DataType::Int64();
    if (operand->type.id == TypeId::kNull) operand = Expr::Constant(Value::Null(wanted));
    const bool fits = i == 0 ? operand->type.id == TypeId::kVarchar
                             : operand->type.id == TypeId::kInt32 || operand->type.id == TypeId::kInt64;
    if (!fits) {
      return Status::TypeError("{} needs {} for its {} argument, not {}, in {}", expr.name,
                               i == 0 ? "VARCHAR" : "an integer",
                               i == 0   ? "first"
                               : i == 1 ? "start"
                                        : "length",
                               operand->type.ToString(), expr.ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(operand, CastExpr(std::move(operand), wanted));
    operands.push_back(std::move(operand));
  }
  bool constant = true;
  for (const auto& o : operands) constant = constant && IsConstant(o);
  ExprPtr substring = Expr::Make(ExprKind::kSubstring, DataType::Varchar(), std::move(operands));
  if (constant) {
    ORBIT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*substring));
    return Expr::Constant(std::move(v));
  }
  return substring;
}

}  // namespace orbit
