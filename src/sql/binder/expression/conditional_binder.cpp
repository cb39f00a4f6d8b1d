// COALESCE, NULLIF, GREATEST and LEAST: typed as PostgreSQL types them (the arguments' common
// type; NULLIF keeps its first argument's type and compares in the common one), each
// argument bound once. IS [NOT] DISTINCT FROM and IS TRUE/FALSE likewise read each operand once.
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

// a IS DISTINCT FROM b, both compared in their common type.
Result<ExprPtr> ExpressionBinder::BindDistinctFrom(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindOperands(expr));
  const DataType& a = args[0]->type;
  const DataType& b = args[1]->type;
  if (a.id == TypeId::kNull && b.id == TypeId::kNull) return Expr::Constant(Value::Boolean(false));
  std::optional<DataType> common = a.id == TypeId::kNull ? b : b.id == TypeId::kNull ? a : ComparisonType(a, b);
  if (!common) {
    return Status::TypeError("operator does not exist: {} IS DISTINCT FROM {}, in {}", a.ToString(), b.ToString(),
                             expr.ToString());
  }
  for (ExprPtr& arg : args) {
    if (arg->type.id == TypeId::kNull) arg = Expr::Constant(Value::Null(*common));
    ORBIT_ASSIGN_OR_RETURN(arg, CastExpr(arg, *common));
  }
  return Expr::Make(ExprKind::kIsDistinct, DataType::Boolean(), std::move(args));
}

// x IS TRUE = coalesce(x, FALSE); x IS FALSE = coalesce(NOT x, FALSE): x read once.
Result<ExprPtr> ExpressionBinder::BindTruthTest(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindOperands(expr));
  ExprPtr x = args[0];
  if (x->type.id == TypeId::kNull) x = Expr::Constant(Value::Null(DataType::Boolean()));
  if (x->type.id != TypeId::kBoolean) {
    return Status::TypeError("argument of {} must be type BOOLEAN, not type {}, in {}",
                             expr.name == ast::kIsTrue ? "IS TRUE" : "IS FALSE", x->type.ToString(), expr.ToString());
  }
  if (expr.name == ast::kIsFalse) x = Expr::Make(ExprKind::kNot, DataType::Boolean(), {x});
  return Expr::Make(ExprKind::kCoalesce, DataType::Boolean(), {x, Expr::Constant(Value::Boolean(false))});
}

Result<ExprPtr> ExpressionBinder::BindConditional(const ast::Expr& expr) {
  if (expr.name == ast::kIsDistinctFrom) return BindDistinctFrom(expr);
  if (expr.name == ast::kIsTrue || expr.name == ast::kIsFalse) return BindTruthTest(expr);
  const bool nullif = expr.name == "nullif";
  if (expr.children.empty() || (nullif && expr.children.size() != 2)) {
    return Status::BindError("{} takes {} arguments: {}", expr.name, nullif ? "two" : "one or more", expr.ToString());
  }
  // An argument's rows would multiply every row's, read or not (PostgreSQL refuses it too).
  ORBIT_RETURN_IF_ERROR(RefuseSetReturningCall(expr, expr.name));
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindOperands(expr));
  std::optional<DataType> common;
  for (const ExprPtr& arg : args) {
    if (arg->type.id == TypeId::kNull) continue;
    std::optional<DataType> t = common ? CommonType(*common, arg->type) : arg->type;
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
