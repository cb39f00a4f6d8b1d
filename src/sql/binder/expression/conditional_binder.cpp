// COALESCE, NULLIF, GREATEST and LEAST: typed as PostgreSQL types them (the arguments' common
// type; NULLIF keeps its first argument's type and compares in the common one), each
// argument bound once.
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

Result<ExprPtr> ExpressionBinder::BindConditional(const ast::Expr& expr) {
  const bool nullif = expr.name == "nullif";
  if (expr.children.empty() || (nullif && expr.children.size() != 2)) {
    return Status::BindError("{} takes {} arguments: {}", expr.name, nullif ? "two" : "one or more", expr.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindOperands(expr));
  std::optional<DataType> common;
  for (const ExprPtr& arg : args) {
    if (arg->type.id == TypeId::kNull) continue;
    std::optional<DataType> t = common ? ComparisonType(*common, arg->type) : arg->type;
    if (!t) {
      return Status::TypeError("{} types {} and {} cannot be matched in {}", expr.name, common->ToString(),
                               arg->type.ToString(), expr.ToString());
    }
    common = t;
  }
  if (!common) return Expr::Constant(Value::Null(DataType::Varchar()));  // every argument is NULL
  if (nullif) {
    const DataType type = args[0]->type.id == TypeId::kNull ? *common : args[0]->type;
    ORBIT_ASSIGN_OR_RETURN(ExprPtr value, CastExpr(args[0], type));
    ORBIT_ASSIGN_OR_RETURN(ExprPtr other, CastExpr(args[1], *common));
    return Expr::Make(ExprKind::kNullIf, type, {std::move(value), std::move(other)});
  }
  for (ExprPtr& arg : args) {
    if (arg->type.id == TypeId::kNull) arg = Expr::Constant(Value::Null(*common));
    ORBIT_ASSIGN_OR_RETURN(arg, CastExpr(arg, *common));
  }
  if (args.size() == 1) return args[0];
  const ExprKind kind = expr.name == "coalesce"   ? ExprKind::kCoalesce
                        : expr.name == "greatest" ? ExprKind::kGreatest
                                                  : ExprKind::kLeast;
  return Expr::Make(kind, *common, std::move(args));
}

}  // namespace orbit
