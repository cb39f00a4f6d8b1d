// Cardinality estimates for the optimizer: table sizes (exact, tables are in memory) times
// selectivities from column statistics where a condition compares a scanned column with
// constants (1 / distinct values for =, the covered part of the value range for <, >,
// BETWEEN and for several bounds on one column, assuming uniform values), and
// PostgreSQL-style defaults from the shape of every other condition.
// Estimates choose the join order and the build side; they never change an answer.
#pragma once

#include <functional>

#include "plan/logical_plan.h"
#include "plan/optimizer/column_statistics.h"

namespace orbit {

/// What is known of the input columns (by position) of a condition; either may be null.
struct ColumnFacts {
  std::function<double(int column)> distinct;   // distinct non-NULL values, 0 unknown
  std::function<ValueRange(int column)> range;  // smallest and largest values
};

/// The fraction of rows `predicate` keeps, in [0, 1]; `facts` sharpen conditions comparing
/// a column with constants.
double EstimateSelectivity(const Expr& predicate, const ColumnFacts& facts = {});

/// The column statistics of a filter's input columns when that input is a table scan
/// (through other filters, which keep the columns); none otherwise.
ColumnFacts ScanColumnFacts(const LogicalOperator& filter);

/// Estimated output rows of `op`, computed bottom-up; sets estimated_rows on every operator
/// of the subtree that has none yet, and keeps the ones the join planner already set.
double EstimateRows(LogicalOperator& op);

}  // namespace orbit
