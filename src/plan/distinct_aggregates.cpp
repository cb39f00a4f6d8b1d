#include "plan/distinct_aggregates.h"

#include "plan/expression_rewrite.h"

namespace orbit {

Result<LogicalPtr> PlanDistinctAggregates(LogicalPtr aggregate) {
  bool any_distinct = false;
  for (const auto& call : aggregate->aggregates) any_distinct = any_distinct || call.distinct;
  if (!any_distinct) return aggregate;
  const ExprPtr argument = aggregate->aggregates[0].argument;
  for (const auto& call : aggregate->aggregates) {
    // Mixed with other aggregates or other arguments: the hash aggregate keeps each
    // argument's distinct values per group (exec/hash_tables/distinct_values.h).
    if (!call.distinct || !SameExpr(*call.argument, *argument)) return aggregate;
  }
  const int keys = static_cast<int>(aggregate->group_keys.size());

  // Inner: one row per distinct (keys, argument).
  auto inner = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  inner->group_keys = aggregate->group_keys;
  inner->group_keys.push_back(argument);
  for (int k = 0; k < keys; ++k) inner->output.push_back(aggregate->output[k]);
  inner->output.push_back({"distinct_argument", argument->type});
  inner->children.push_back(std::move(aggregate->children[0]));

  // Outer: the same output as before, counting the inner rows' non-NULL arguments.
  aggregate->children[0] = std::move(inner);
  for (int k = 0; k < keys; ++k) {
    aggregate->group_keys[k] = Expr::ColumnRef(k, aggregate->output[k].type, aggregate->output[k].name);
  }
  for (auto& call : aggregate->aggregates) {
    call.distinct = false;
    call.argument = Expr::ColumnRef(keys, argument->type, "distinct_argument");
  }
  return aggregate;
}

}  // namespace orbit
