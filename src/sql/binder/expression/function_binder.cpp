// Calls of scalar functions and of the operators the registry holds (||): the registry's
// entry checks the arity, its bind rule checks the bound arguments and picks their types
// and the result's, and the call folds when every argument it reads is a constant.
#include <optional>

#include "columnar/timestamp.h"
#include "exec/expression/expression_evaluator.h"
#include "functions/function_registry.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/interval_literal.h"
#include "sql/binder/expression/session_functions.h"
#include "sql/binder/expression/unnest_binder.h"

namespace orbit {

// GROUPING(...) is bound as an aggregate: only after GROUP BY, over its keys.
bool IsAggregateFunction(const std::string& name) {
  return name == "grouping" || BuiltinFunctions().FindAggregate(name) != nullptr;
}

Result<ExprPtr> ExpressionBinder::BindFunction(const ast::Expr& expr) {
  const FunctionRegistry& registry = BuiltinFunctions();
  if (IsAggregateFunction(expr.name)) return BindAggregate(expr);
  if (expr.name == "unnest") return BindUnnest(expr);
  if (expr.name == "generate_series") return BindUnnest(*SeriesAsUnnest(expr));
  if (registry.FindWindow(expr.name)) {
    return Status::BindError("window function {} requires an OVER clause: {}", expr.name, expr.ToString());
  }
  if (expr.distinct) {
    return Status::BindError("DISTINCT specified, but {} is not an aggregate function", expr.name);
  }
  if (IsSessionFunction(expr.name)) {
    std::vector<ExprPtr> arguments;
    for (const auto& child : expr.children) {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr argument, BindNode(*child));
      arguments.push_back(std::move(argument));
    }
    return FoldSessionFunction(expr, arguments);
  }
  const ScalarFunction* function = registry.FindScalar(expr.name);
  if (!function || !function->bind) return Status::NotSupported("function {}", expr.name);
  return BindCall(expr, *function);
}

Result<ExprPtr> ExpressionBinder::BindOperatorCall(const ast::Expr& expr) {
  const ScalarFunction* function = BuiltinFunctions().FindOperator(expr.name);
  if (!function) return Status::Internal("operator {} is not registered", expr.name);
  return BindCall(expr, *function);
}

Result<ExprPtr> ExpressionBinder::BindCall(const ast::Expr& expr, const ScalarFunction& function) {
  const int count = static_cast<int>(expr.children.size());
  if ((expr.star && !function.allows_star) || count < function.min_arguments ||
      (function.max_arguments >= 0 && count > function.max_arguments)) {
    return Status::BindError("{} {}: {}", expr.name, function.usage, expr.ToString());
  }
  std::vector<ExprPtr> bound;
  std::vector<CallArgument> arguments;
  std::optional<DataType> narrow;  // the first argument's type before widening
  for (const auto& child : expr.children) {
    if (IsIntervalLiteral(*child) && function.takes_interval) {
      // date_bin, time_bucket and the like take a literal's parts (CallArgument::interval).
      ORBIT_ASSIGN_OR_RETURN(IntervalParts parts, ParseIntervalLiteral(*child));
      ExprPtr micros = Expr::Constant(Value::Int64(parts.FixedMicros()));
      CallArgument argument{micros->type, micros->constant, false, true, parts.months};
      arguments.push_back(std::move(argument));
      bound.push_back(std::move(micros));
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(ExprPtr e, BindNode(*child));
    if (!function.takes_narrow_types && (e->type.is_small_integer() || e->type.id == TypeId::kFloat)) {
      if (!narrow) narrow = e->type;
      const DataType wide = e->type.is_small_integer() ? DataType::Int32() : DataType::Double();
      ORBIT_ASSIGN_OR_RETURN(e, CastExpr(std::move(e), wide));
    }
    CallArgument argument{e->type, std::nullopt, child->IsStringLiteral()};
    if (IsConstant(e)) argument.constant = e->constant;
    arguments.push_back(std::move(argument));
    bound.push_back(std::move(e));
  }
  const std::string text = expr.ToString();
  ORBIT_ASSIGN_OR_RETURN(Resolution resolution, function.bind(CallSite{expr.name, text, arguments}));
  switch (resolution.form) {
    case Resolution::Form::kNull: return Expr::Constant(Value::Null(resolution.type));
    case Resolution::Form::kArgument: return CastExpr(bound[resolution.arguments[0]], resolution.type);
    case Resolution::Form::kCall: break;
  }
  std::vector<ExprPtr> children;
  bool constant = true;
  for (size_t i = 0; i < resolution.arguments.size(); ++i) {
    ExprPtr argument = bound[resolution.arguments[i]];
    const DataType& type = resolution.argument_types[i];
    if (argument->type.id == TypeId::kNull) {
      argument = Expr::Constant(Value::Null(type));
    } else {
      ORBIT_ASSIGN_OR_RETURN(argument, CastExpr(std::move(argument), type));
    }
    constant = constant && IsConstant(argument);
    children.push_back(std::move(argument));
  }
  ExprPtr call = Expr::Function(function, resolution.variant, resolution.type, std::move(children));
  call->function_state = std::move(resolution.state);
  const bool narrows = function.keeps_narrow_type && narrow &&
                       resolution.type == (narrow->is_small_integer() ? DataType::Int32() : DataType::Double());
  if (constant && !function.is_volatile) {
    ORBIT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*call));
    call = Expr::Constant(std::move(v));
  }
  if (narrows) return CastExpr(std::move(call), *narrow);
  return call;
}

}  // namespace orbit
