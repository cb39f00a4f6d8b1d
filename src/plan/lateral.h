// A LATERAL join: a subquery in FROM that reads the columns of the FROM items before it
// (kOuterColumnRef, positions in the left side's output), run as if once per left row.
// DecorrelateLateral turns the shapes it knows into ordinary joins: by keys where each
// outer column sits in an equality with an inner expression (lateral.cpp), else per outer
// row (lateral_per_row.cpp: one join under projections, an aggregate grouped by the outer
// row's number); the binder hands the rest to exec's vector top-k source, TopNPerOuterRow,
// and last the per-binding source (exec/pipeline/).
#pragma once

#include <functional>
#include <vector>

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

struct LateralJoin {
  LogicalPtr left;
  LogicalPtr subquery;               // may read left's columns as kOuterColumnRef
  JoinKind kind = JoinKind::kInner;  // kInner (also CROSS JOIN and the comma) or kLeft
  ExprPtr on;                        // over left ++ subquery output; null: none
};

/// Calls `visit` on every expression slot of `op` and of the operators below it (null
/// slots skipped), so a caller may replace them.
void ForEachExpression(LogicalOperator& op, const std::function<void(ExprPtr&)>& visit);

/// `e` with each kOuterColumnRef to column c replaced by replace(c) (shares what is unchanged).
ExprPtr ReplaceOuterColumns(const ExprPtr& e, const std::function<ExprPtr(const Expr&)>& replace);

/// The outer columns (kOuterColumnRef's column_index) `op`'s subtree reads, ascending.
std::vector<int> OuterColumnsRead(LogicalOperator& op);

/// The join as ordinary operators, output left ++ subquery, when its shape allows (see the
/// header comment); null when it does not, to be run by another strategy.
Result<LogicalPtr> DecorrelateLateral(LateralJoin& join);

/// ORDER BY ... LIMIT k [OFFSET m] per outer row where no key expresses the correlation
/// (WHERE u.y > t.id): the outer rows numbered, joined with the FROM's rows (every
/// correlated conjunct the join's condition), a partitioned top-N keeping each outer row's
/// first k + m; null for other shapes, an ON other than TRUE, and LEFT with an OFFSET.
/// Tried after the vector top-k, which takes its own shape far faster.
LogicalPtr TopNPerOuterRow(LateralJoin& join);

}  // namespace orbit
