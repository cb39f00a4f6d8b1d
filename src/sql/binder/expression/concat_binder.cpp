// a || b, as PostgreSQL's textcat: one operand must be text (or an untyped literal, which
// is text); the other is cast to text. NULL in gives NULL out.
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

Result<ExprPtr> ExpressionBinder::BindConcat(const ast::Expr& expr) {
  std::vector<ExprPtr> operands;
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, BindNode(*child));
    operands.push_back(std::move(bound));
  }
  auto is_text = [](const ExprPtr& e) { return e->type.id == TypeId::kVarchar || e->type.id == TypeId::kNull; };
  if (!is_text(operands[0]) && !is_text(operands[1])) {
    return Status::TypeError("operator does not exist: {} || {} (cast one operand to VARCHAR), in {}",
                             operands[0]->type.ToString(), operands[1]->type.ToString(), expr.ToString());
  }
  bool null_operand = false;
  for (ExprPtr& operand : operands) {
    if (!CanCast(operand->type, DataType::Varchar())) {
      return Status::TypeError("cannot cast {} to VARCHAR in {}", operand->type.ToString(), expr.ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(operand, CastExpr(std::move(operand), DataType::Varchar()));
    null_operand = null_operand || (IsConstant(operand) && operand->constant.is_null);
  }
  if (null_operand) return Expr::Constant(Value::Null(DataType::Varchar()));
  if (IsConstant(operands[0]) && IsConstant(operands[1])) {
    return Expr::Constant(Value::Varchar(operands[0]->constant.string_value + operands[1]->constant.string_value));
  }
  return Expr::Make(ExprKind::kConcat, DataType::Varchar(), std::move(operands));
}

}  // namespace orbit
