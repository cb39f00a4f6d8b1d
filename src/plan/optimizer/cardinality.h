// Cardinality estimates for the optimizer: table sizes (exact, tables are in memory) times
// selectivities: 1 / distinct values for `column = constant` on a scanned table (column
// statistics), PostgreSQL-style defaults from the shape of every other condition.
// Estimates choose the join order and the build side; they never change an answer.
#pragma once

#include <functional>

#include "plan/logical_plan.h"

namespace orbit {

/// The distinct non-NULL values of an input column (by position), or 0 when unknown.
using DistinctCountOf = std::function<double(int column)>;

/// The fraction of rows `predicate` keeps, in [0, 1]; `distinct_of`, when given, sharpens
/// equalities with a constant.
double EstimateSelectivity(const Expr& predicate, const DistinctCountOf& distinct_of = nullptr);

/// Estimated output rows of `op`, computed bottom-up; sets estimated_rows on every operator
/// of the subtree that has none yet, and keeps the ones the join planner already set.
double EstimateRows(LogicalOperator& op);

}  // namespace orbit
