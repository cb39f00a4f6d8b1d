// DISTINCT aggregates of one argument: an Aggregate whose calls are all DISTINCT of one
// argument x (count(DISTINCT x), sum(DISTINCT x), ...) becomes two: the inner groups by the
// keys and x (one row per distinct pair), the outer aggregates the non-NULL x per key. Both
// stay ordinary, parallel hash aggregates that a device may run. Any other mix of DISTINCT
// and other aggregates is left to the hash aggregate, whose DISTINCT states keep their
// distinct values per group (exec/hash_tables/distinct_values.h).
#pragma once

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// The two-level plan above when every call is DISTINCT of one argument; else `aggregate`
/// unchanged.
Result<LogicalPtr> PlanDistinctAggregates(LogicalPtr aggregate);

}  // namespace orbit
