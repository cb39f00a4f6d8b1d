#include "sql/binder/expression/aggregate_binder.h"

#include "functions/function_registry.h"
#include "sql/binder/constant_folding.h"

namespace orbit {

namespace {

std::string ColumnName(const Expr& e) { return e.kind == ExprKind::kColumnRef ? e.name : e.ToString(); }

bool SameAggregate(const AggregateCall& a, const AggregateCall& b) {
  if (a.kind != b.kind || a.distinct != b.distinct) return false;
  if (!a.argument || !b.argument) return !a.argument && !b.argument;
  if ((a.second == nullptr) != (b.second == nullptr) || (a.second && !SameExpr(*a.second, *b.second))) return false;
  return SameExpr(*a.argument, *b.argument);
}

}  // namespace

int Aggregation::FindGroupKey(const Expr& expr) const {
  for (size_t i = 0; i < group_keys.size(); ++i) {
    if (SameExpr(*group_keys[i], expr)) return static_cast<int>(i);
  }
  return -1;
}

void Aggregation::AddGroupKey(ExprPtr key) {
  if (FindGroupKey(*key) < 0) group_keys.push_back(std::move(key));
}

ExprPtr Aggregation::KeyColumn(int key) const {
  const ExprPtr& k = group_keys[key];
  return Expr::ColumnRef(key, k->type, ColumnName(*k));
}

ExprPtr Aggregation::AggregateColumn(AggregateCall call) {
  size_t i = 0;
  while (i < aggregates.size() && !SameAggregate(aggregates[i], call)) ++i;
  if (i == aggregates.size()) aggregates.push_back(std::move(call));
  const AggregateCall& a = aggregates[i];
  return Expr::ColumnRef(static_cast<int>(group_keys.size() + i), a.type, a.ToString());
}

Schema Aggregation::OutputSchema() const {
  Schema schema;
  for (const auto& k : group_keys) schema.push_back({ColumnName(*k), k->type});
  for (const auto& a : aggregates) schema.push_back({a.ToString(), a.type});
  return schema;
}

Result<AggregateCall> BindAggregateCall(const ast::Expr& call, const BindScope* input) {
  for (const auto& child : call.children) {
    if (ContainsAggregate(*child))
      return Status::BindError("aggregate function calls cannot be nested: {}", call.ToString());
    if (ContainsWindow(*child)) {
      return Status::BindError("aggregate function calls cannot contain window function calls: {}", call.ToString());
    }
  }
  ExpressionBinder binder(input, "aggregate arguments");
  return BindAggregateArguments(call, call.children, [&](const ast::Expr& e) { return binder.Bind(e); });
}

Result<AggregateCall> BindAggregateArguments(const ast::Expr& call, const std::vector<ast::ExprPtr>& arguments,
                                             const std::function<Result<ExprPtr>(const ast::Expr&)>& bind) {
  const AggregateFunction* function = BuiltinFunctions().FindAggregate(call.name);
  if (!function) return Status::Internal("{} is not a registered aggregate function", call.name);
  AggregateCall result;
  result.kind = function->kind;
  if (call.star) {
    if (!function->allows_star) return Status::BindError("{}(*) is not valid; only count(*) is", call.name);
    result.kind = AggregateKind::kCountStar;
    result.type = DataType::Int64();
    return result;
  }
  if (arguments.size() != static_cast<size_t>(function->arguments)) {
    return Status::BindError("{} takes exactly {} argument{}: {}", call.name, function->arguments == 2 ? "two" : "one",
                             function->arguments == 2 ? "s" : "", call.ToString());
  }
  if (call.distinct && !function->allows_distinct) {
    return Status::NotSupported("DISTINCT in aggregate functions other than count: {}", call.ToString());
  }
  result.distinct = call.distinct;
  std::optional<DataType> type;
  for (size_t i = 0; i < arguments.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, bind(*arguments[i]));
    // sum(NULL) and friends: an untyped NULL counts as an INTEGER.
    if (bound->type.id == TypeId::kNull) bound = Expr::Constant(Value::Null(DataType::Int32()));
    type = function->result_type(bound->type);
    if (!type) {
      return Status::TypeError("cannot compute {} of {} in {}", call.name, bound->type.ToString(), call.ToString());
    }
    // The two-argument statistics compute in DOUBLE, as PostgreSQL's float8 ones do.
    if (function->arguments == 2) {
      ORBIT_ASSIGN_OR_RETURN(bound, CastExpr(std::move(bound), DataType::Double()));
    }
    (i == 0 ? result.argument : result.second) = std::move(bound);
  }
  result.type = *type;
  return result;
}

namespace {

bool ContainsSubquery(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kSubquery) return true;
  for (const auto& child : expr.children) {
    if (ContainsSubquery(*child)) return true;
  }
  return false;
}

}  // namespace

Result<ExprPtr> AggregateOutputBinder::BindNode(const ast::Expr& expr) {
  // (A subquery is never a group key: GROUP BY takes none.)
  if (!ContainsAggregate(expr) && expr.kind != ast::ExprKind::kStar && !ContainsSubquery(expr) &&
      !ContainsWindow(expr)) {
    // A whole subtree that is a GROUP BY expression reads the key column.
    ExpressionBinder input_binder(scope_, clause_);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr over_input, input_binder.Bind(expr));
    int key = aggregation_->FindGroupKey(*over_input);
    if (key >= 0) return aggregation_->KeyColumn(key);
    if (IsConstant(over_input)) return over_input;
  }
  return ExpressionBinder::BindNode(expr);
}

Result<ExprPtr> AggregateOutputBinder::BindColumnRef(const ast::Expr& expr) {
  // Only reached for a column that is not a group key (see BindNode).
  ORBIT_ASSIGN_OR_RETURN(int index, ResolveColumn(scope_, expr.names));
  return Status::BindError("column \"{}\" must appear in the GROUP BY clause or be used in an aggregate function",
                           scope_->columns[index].name);
}

Result<ExprPtr> AggregateOutputBinder::BindAggregate(const ast::Expr& call) {
  ORBIT_ASSIGN_OR_RETURN(AggregateCall aggregate, BindAggregateCall(call, scope_));
  return aggregation_->AggregateColumn(std::move(aggregate));
}

}  // namespace orbit
