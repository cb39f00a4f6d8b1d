// Scalar functions beyond operators: abs (written as a CASE, so the executor's negation
// checks overflow), round (a cast for decimals, as DuckDB types it: DECIMAL(p, digits)),
// and the text functions upper, lower, length, btrim/ltrim/rtrim (spaces) and concat.
#include "exec/expression/expression_evaluator.h"
#include "sql/catalog/catalog.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

bool IsTextFunction(const std::string& name) {
  return name == "upper" || name == "lower" || name == "length" || name == "char_length" || name == "btrim" ||
         name == "trim" || name == "ltrim" || name == "rtrim";
}

Result<ExprPtr> ExpressionBinder::BindConcatFunction(const ast::Expr& expr) {
  // concat(a, b, ...): each argument as text, a NULL one as the empty string.
  if (expr.star) return Status::BindError("concat takes values, not *: {}", expr.ToString());
  ExprPtr result = Expr::Constant(Value::Varchar(""));
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr arg, BindNode(*child));
    if (arg->type.id == TypeId::kNull) continue;
    if (!CanCast(arg->type, DataType::Varchar())) {
      return Status::TypeError("cannot cast {} to VARCHAR in {}", arg->type.ToString(), expr.ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(arg, CastExpr(arg, DataType::Varchar()));
    if (!IsConstant(arg)) {
      ExprPtr missing = Expr::Make(ExprKind::kIsNull, DataType::Boolean(), {arg});
      arg = Expr::Make(ExprKind::kCase, DataType::Varchar(), {missing, Expr::Constant(Value::Varchar("")), arg});
    } else if (arg->constant.is_null) {
      continue;
    }
    if (IsConstant(result) && IsConstant(arg)) {
      result = Expr::Constant(Value::Varchar(result->constant.string_value + arg->constant.string_value));
    } else {
      result = Expr::Make(ExprKind::kConcat, DataType::Varchar(), {result, arg});
    }
  }
  return result;
}

Result<ExprPtr> ExpressionBinder::BindAbs(const ast::Expr& expr) {
  if (expr.children.size() != 1 || expr.star) return Status::BindError("abs takes one argument: {}", expr.ToString());
  ORBIT_ASSIGN_OR_RETURN(ExprPtr x, BindNode(*expr.children[0]));
  if (x->type.id == TypeId::kNull) return Expr::Constant(Value::Null(DataType::Int32()));
  if (!x->type.is_numeric()) {
    return Status::TypeError("function abs({}) does not exist, in {}", x->type.ToString(), expr.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr zero, CastExpr(Expr::Constant(Value::Int32(0)), x->type));
  ORBIT_ASSIGN_OR_RETURN(ExprPtr negative, CompareExpr(CompareOp::kLt, x, zero));
  ORBIT_ASSIGN_OR_RETURN(ExprPtr negated, NegateExpr(x));
  if (IsConstant(negative)) return !negative->constant.is_null && negative->constant.bool_value ? negated : x;
  return Expr::Make(ExprKind::kCase, x->type, {negative, negated, x});
}

Result<ExprPtr> ExpressionBinder::BindRound(const ast::Expr& expr) {
  if (expr.children.empty() || expr.children.size() > 2 || expr.star) {
    return Status::BindError("round takes a number and an optional number of digits: {}", expr.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr x, BindNode(*expr.children[0]));
  int64_t digits = 0;
  if (expr.children.size() == 2) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr d, BindNode(*expr.children[1]));
    if (!IsConstant(d) || d->constant.is_null || !d->type.is_integer()) {
      return Status::NotSupported("round with digits other than an integer constant: {}", expr.ToString());
    }
    digits = d->constant.int_value;
  }
  if (x->type.id == TypeId::kNull) return Expr::Constant(Value::Null(DataType::Double()));
  if (x->type.is_integer()) return x;
  if (x->type.is_decimal()) {
    if (digits < 0) return Status::NotSupported("round of a DECIMAL to negative digits: {}", expr.ToString());
    if (digits >= x->type.scale) return x;
    return CastExpr(x, DataType::Decimal(x->type.precision, static_cast<int>(digits)));
  }
  if (x->type.id != TypeId::kDouble) {
    return Status::TypeError("function round({}) does not exist, in {}", x->type.ToString(), expr.ToString());
  }
  ExprPtr call = Expr::Make(ExprKind::kScalarFunction, DataType::Double(), {x, Expr::Constant(Value::Int64(digits))});
  call->name = "round";
  if (IsConstant(x)) {
    ORBIT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*call));
    return Expr::Constant(std::move(v));
  }
  return call;
}

Result<ExprPtr> ExpressionBinder::BindTextFunction(const ast::Expr& expr) {
  if (expr.children.size() != 1 || expr.star) {
    return Status::BindError("{} takes one argument: {}", expr.name, expr.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr text, BindNode(*expr.children[0]));
  std::string name = expr.name == "char_length" ? "length" : expr.name;
  if (name == "trim") name = "btrim";
  const DataType type = name == "length" ? DataType::Int32() : DataType::Varchar();
  if (text->type.id == TypeId::kNull) return Expr::Constant(Value::Null(type));
  if (text->type.id != TypeId::kVarchar) {
    return Status::TypeError("function {}({}) does not exist (cast the argument to VARCHAR), in {}", expr.name,
                             text->type.ToString(), expr.ToString());
  }
  ExprPtr call = Expr::Make(ExprKind::kScalarFunction, type, {std::move(text)});
  call->name = name;
  if (IsConstant(call->children[0])) {
    ORBIT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*call));
    return Expr::Constant(std::move(v));
  }
  return call;
}

}  // namespace orbit
