#include "sql/binder/expression/aggregate_binder.h"

#include "functions/function_registry.h"
#include "sql/binder/constant_folding.h"

namespace orbit {

namespace {

std::string ColumnName(const Expr& e) { return e.kind == ExprKind::kColumnRef ? e.name : e.ToString(); }

bool SameSortKeys(const std::vector<SortKey>& a, const std::vector<SortKey>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].descending != b[i].descending || a[i].nulls_first != b[i].nulls_first ||
        !SameExpr(*a[i].expression, *b[i].expression)) {
      return false;
    }
  }
  return true;
}

bool SameAggregate(const AggregateCall& a, const AggregateCall& b) {
  if (a.kind != b.kind || a.distinct != b.distinct) return false;
  if (a.kind == AggregateKind::kGrouping) return a.grouping_keys == b.grouping_keys;
  if (!a.argument || !b.argument) return !a.argument && !b.argument;
  if ((a.second == nullptr) != (b.second == nullptr) || (a.second && !SameExpr(*a.second, *b.second))) return false;
  if (a.fraction != b.fraction || a.within_group != b.within_group || !SameSortKeys(a.order_by, b.order_by)) {
    return false;
  }
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

namespace {

// TINYINT, SMALLINT and REAL aggregate as the INTEGER and DOUBLE they widen to exactly
// (the hash aggregate's kernels take those).
Result<ExprPtr> WidenNarrowArgument(ExprPtr e) {
  if (e->type.is_small_integer()) return CastExpr(std::move(e), DataType::Int32());
  if (e->type.id == TypeId::kFloat) return CastExpr(std::move(e), DataType::Double());
  return e;
}

// The type an aggregate of a widened `argument` narrows back to, as PostgreSQL types it.
DataType NarrowedResultType(AggregateKind kind, const DataType& argument) {
  if (!argument.is_small_integer() && argument.id != TypeId::kFloat) return DataType::Null();
  if (kind == AggregateKind::kMin || kind == AggregateKind::kMax || kind == AggregateKind::kMode ||
      kind == AggregateKind::kQuantileDisc) {
    return argument;  // one of the argument's values
  }
  if (kind == AggregateKind::kSum && argument.id == TypeId::kFloat) return argument;
  return DataType::Null();
}

// A quantile's fraction: a constant number in [0, 1] (PostgreSQL's message otherwise).
Result<double> BindFraction(const ast::Expr& call, const ast::Expr& argument,
                            const std::function<Result<ExprPtr>(const ast::Expr&)>& bind) {
  ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, bind(argument));
  if (!IsConstant(bound) || !bound->type.is_numeric() || bound->constant.is_null) {
    return Status::BindError("the fraction of {} must be a constant number between 0 and 1: {}", call.name,
                             call.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr as_double, CastExpr(bound, DataType::Double()));
  const double f = as_double->constant.double_value;
  if (!(f >= 0 && f <= 1)) return Status::BindError("percentile value {} is not between 0 and 1", f);
  return f;
}

// The ORDER BY keys of `call` (after its `direct` arguments) into result.order_by: a
// WITHIN GROUP's one key is the aggregated argument itself.
Status BindAggregateOrder(const ast::Expr& call, const std::vector<ast::ExprPtr>& arguments, size_t direct,
                          const std::function<Result<ExprPtr>(const ast::Expr&)>& bind, AggregateCall& result) {
  for (size_t k = 0; k < call.aggregate_order.size(); ++k) {
    const ast::WindowOrder& order = call.aggregate_order[k];
    SortKey key;
    if (call.within_group) {
      key.expression = result.argument;
    } else {
      ORBIT_ASSIGN_OR_RETURN(key.expression, bind(*arguments[direct + k]));
    }
    key.descending = order.descending;
    key.nulls_first = order.nulls_first.value_or(order.descending);
    result.order_by.push_back(std::move(key));
  }
  return Status::OK();
}

// median, the quantiles, percentile_cont/_disc, mode, string_agg, approx_count_distinct:
// their direct arguments, the WITHIN GROUP key, the ORDER BY inside the call.
Result<AggregateCall> BindOrderedAggregate(const ast::Expr& call, const AggregateFunction& function,
                                           const std::vector<ast::ExprPtr>& arguments,
                                           const std::function<Result<ExprPtr>(const ast::Expr&)>& bind,
                                           DataType* narrowed) {
  AggregateCall result;
  result.kind = function.kind;
  result.fraction = function.fraction;
  result.within_group = call.within_group;
  if (call.distinct) return Status::NotSupported("DISTINCT in {}: {}", call.name, call.ToString());
  const size_t keys = call.aggregate_order.size();
  const std::vector<ast::ExprPtr> direct(arguments.begin(), arguments.end() - static_cast<std::ptrdiff_t>(keys));
  const ast::Expr* value = nullptr;
  if (call.within_group) {
    if (function.within_group_arguments < 0) {
      return Status::BindError("{} is not an ordered-set aggregate, so it cannot have WITHIN GROUP: {}", call.name,
                               call.ToString());
    }
    if (keys != 1)
      return Status::BindError("{} takes one ORDER BY key in WITHIN GROUP: {}", call.name, call.ToString());
    if (direct.size() != static_cast<size_t>(function.within_group_arguments)) {
      return Status::BindError("{} takes {} argument{} before WITHIN GROUP: {}", call.name,
                               function.within_group_arguments, function.within_group_arguments == 1 ? "" : "s",
                               call.ToString());
    }
    value = arguments.back().get();
    if (!direct.empty()) {
      ORBIT_ASSIGN_OR_RETURN(result.fraction, BindFraction(call, *direct[0], bind));
    }
  } else {
    if (function.arguments < 0) {
      return Status::BindError("WITHIN GROUP is required for ordered-set aggregate {}: {}", call.name, call.ToString());
    }
    if (direct.size() != static_cast<size_t>(function.arguments)) {
      return Status::BindError("{} takes exactly {} argument{}: {}", call.name, function.arguments == 2 ? "two" : "one",
                               function.arguments == 2 ? "s" : "", call.ToString());
    }
    value = direct[0].get();
    const bool quantile =
        function.kind == AggregateKind::kQuantileCont || function.kind == AggregateKind::kQuantileDisc;
    if (quantile && direct.size() == 2) {
      ORBIT_ASSIGN_OR_RETURN(result.fraction, BindFraction(call, *direct[1], bind));
    }
  }
  ORBIT_ASSIGN_OR_RETURN(result.argument, bind(*value));
  if (narrowed != nullptr) *narrowed = NarrowedResultType(function.kind, result.argument->type);
  if (function.kind != AggregateKind::kArrayAgg) {
    ORBIT_ASSIGN_OR_RETURN(result.argument, WidenNarrowArgument(std::move(result.argument)));
  } else if (result.argument->type.id == TypeId::kInt8) {
    // array_agg keeps its values' type (SMALLINT[], REAL[]); TINYINT has no array but SMALLINT[].
    ORBIT_ASSIGN_OR_RETURN(result.argument, CastExpr(std::move(result.argument), DataType::Int16()));
  }
  if (result.argument->type.id == TypeId::kNull) {
    result.argument = Expr::Constant(
        Value::Null(function.kind == AggregateKind::kStringAgg ? DataType::Varchar() : DataType::Int32()));
  }
  const std::optional<DataType> type = function.result_type(result.argument->type);
  if (!type) {
    return Status::TypeError("cannot compute {} of {} in {}", call.name, result.argument->type.ToString(),
                             call.ToString());
  }
  result.type = *type;
  if (function.kind == AggregateKind::kStringAgg) {
    ORBIT_ASSIGN_OR_RETURN(result.second, bind(*direct[1]));
    if (result.second->type.id == TypeId::kNull) result.second = Expr::Constant(Value::Null(DataType::Varchar()));
    if (result.second->type.id != TypeId::kVarchar) {
      return Status::TypeError("the separator of string_agg must be VARCHAR, not {}: {}",
                               result.second->type.ToString(), call.ToString());
    }
  }
  if (function.kind == AggregateKind::kArrayAgg && call.aggregate_filter) {
    // The FILTER condition travels as the second column; rows where it is not true are dropped.
    ORBIT_ASSIGN_OR_RETURN(result.second, bind(*call.aggregate_filter));
    if (result.second->type.id != TypeId::kBoolean && result.second->type.id != TypeId::kNull) {
      return Status::TypeError("argument of FILTER must be BOOLEAN, not {}: {}", result.second->type.ToString(),
                               call.ToString());
    }
    if (result.second->type.id == TypeId::kNull) result.second = Expr::Constant(Value::Null(DataType::Boolean()));
  }
  // Only WITHIN GROUP and string_agg read an order; mode(x ORDER BY y) and the like ignore it.
  if (call.within_group || function.kind == AggregateKind::kStringAgg || function.kind == AggregateKind::kArrayAgg) {
    ORBIT_RETURN_IF_ERROR(BindAggregateOrder(call, arguments, direct.size(), bind, result));
  }
  return result;
}

}  // namespace

Result<AggregateCall> BindAggregateCall(const ast::Expr& call, const BindScope* input, DataType* narrowed) {
  for (const auto& child : call.children) {
    if (ContainsAggregate(*child))
      return Status::BindError("aggregate function calls cannot be nested: {}", call.ToString());
    if (ContainsWindow(*child)) {
      return Status::BindError("aggregate function calls cannot contain window function calls: {}", call.ToString());
    }
  }
  ExpressionBinder binder(input, "aggregate arguments");
  return BindAggregateArguments(
      call, call.children, [&](const ast::Expr& e) { return binder.Bind(e); }, narrowed);
}

Result<AggregateCall> BindAggregateArguments(const ast::Expr& call, const std::vector<ast::ExprPtr>& arguments,
                                             const std::function<Result<ExprPtr>(const ast::Expr&)>& bind,
                                             DataType* narrowed) {
  if (narrowed != nullptr) *narrowed = DataType::Null();
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
  if (call.within_group || function->arguments < 0 || IsOrderedAggregate(function->kind) ||
      function->kind == AggregateKind::kApproxCountDistinct) {
    return BindOrderedAggregate(call, *function, arguments, bind, narrowed);
  }
  // ORDER BY in an aggregate whose result does not depend on the order (sum(x ORDER BY y)).
  const std::vector<ast::ExprPtr> direct(arguments.begin(),
                                         arguments.end() - static_cast<std::ptrdiff_t>(call.aggregate_order.size()));
  if (direct.size() != static_cast<size_t>(function->arguments)) {
    return Status::BindError("{} takes exactly {} argument{}: {}", call.name, function->arguments == 2 ? "two" : "one",
                             function->arguments == 2 ? "s" : "", call.ToString());
  }
  if (call.distinct && !function->allows_distinct) {
    return Status::NotSupported("DISTINCT in {}, an aggregate of two arguments: {}", call.name, call.ToString());
  }
  result.distinct = call.distinct;
  std::optional<DataType> type;
  for (size_t i = 0; i < direct.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, bind(*direct[i]));
    if (i == 0 && narrowed != nullptr) *narrowed = NarrowedResultType(function->kind, bound->type);
    ORBIT_ASSIGN_OR_RETURN(bound, WidenNarrowArgument(std::move(bound)));
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
  // min and max of T[] (PostgreSQL's array order): the first and last value of each group's
  // sorted values, the ordered aggregates' quantile_disc at 0 and 1 (DISTINCT changes neither).
  if ((result.kind == AggregateKind::kMin || result.kind == AggregateKind::kMax) && result.argument->type.is_list()) {
    result.fraction = result.kind == AggregateKind::kMin ? 0 : 1;
    result.kind = AggregateKind::kQuantileDisc;
    result.distinct = false;
  }
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
    input_binder.set_outer_scopes(outer_scopes_);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr over_input, input_binder.Bind(expr));
    int key = aggregation_->FindGroupKey(*over_input);
    if (key >= 0) return aggregation_->KeyColumn(key);
    if (IsConstant(over_input)) return over_input;
  }
  return ExpressionBinder::BindNode(expr);
}

Result<ExprPtr> AggregateOutputBinder::BindColumnRef(const ast::Expr& expr) {
  // Only reached for a column that is not a group key (see BindNode); an enclosing query's
  // column is one value per group (a LATERAL subquery's SELECT count(*) + t.a).
  Result<int> found = ResolveColumn(scope_, expr.names);
  if (!found.ok() && !outer_scopes_.empty()) return ExpressionBinder::BindColumnRef(expr);
  ORBIT_ASSIGN_OR_RETURN(int index, std::move(found));
  return Status::BindError("column \"{}\" must appear in the GROUP BY clause or be used in an aggregate function",
                           scope_->columns[index].name);
}

Result<ExprPtr> AggregateOutputBinder::BindAggregate(const ast::Expr& call) {
  if (call.name == "grouping") {
    // GROUPING(a, b): each argument one of the GROUP BY expressions (PostgreSQL's rule).
    if (call.children.empty() || call.children.size() > 31) {
      return Status::BindError("GROUPING takes 1 to 31 arguments: {}", call.ToString());
    }
    AggregateCall grouping;
    grouping.kind = AggregateKind::kGrouping;
    grouping.type = DataType::Int32();
    ExpressionBinder input_binder(scope_, clause_);
    for (const auto& child : call.children) {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr over_input, input_binder.Bind(*child));
      const int key = aggregation_->FindGroupKey(*over_input);
      if (key < 0) {
        return Status::BindError("arguments to GROUPING must be grouping expressions of the associated query level: {}",
                                 child->ToString());
      }
      grouping.grouping_keys.push_back(key);
      grouping.grouping_names.push_back(child->ToString());
    }
    return aggregation_->AggregateColumn(std::move(grouping));
  }
  DataType narrowed;
  ORBIT_ASSIGN_OR_RETURN(AggregateCall aggregate, BindAggregateCall(call, scope_, &narrowed));
  ExprPtr column = aggregation_->AggregateColumn(std::move(aggregate));
  if (narrowed.id == TypeId::kNull) return column;
  return CastExpr(std::move(column), narrowed);
}

}  // namespace orbit
