// The logical optimizer (DESIGN "plan"): runs between binding and physical planning.
// Today: join planning with filter pushdown (join_planner.h), column pruning
// (column_pruning.h) and row estimates on every operator for EXPLAIN (cardinality.h).
#pragma once

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// An equivalent plan that is cheaper to run; same output columns, same rows.
Result<LogicalPtr> Optimize(LogicalPtr plan);

}  // namespace orbit
