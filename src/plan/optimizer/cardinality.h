// Cardinality estimates for the optimizer: table sizes (exact, tables are in memory) times
// selectivities guessed from the shape of each condition, PostgreSQL-style defaults since
// no column statistics are kept yet. Estimates choose the join order and the build side;
// they never change an answer.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// The fraction of rows `predicate` keeps, in [0, 1].
double EstimateSelectivity(const Expr& predicate);

/// Estimated output rows of `op`, computed bottom-up; sets estimated_rows on every operator
/// of the subtree that has none yet, and keeps the ones the join planner already set.
double EstimateRows(LogicalOperator& op);

}  // namespace orbit
