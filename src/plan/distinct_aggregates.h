// COUNT(DISTINCT x): an Aggregate whose calls are all COUNT(DISTINCT) of one argument
// becomes two: the inner groups by the keys and x (one row per distinct pair), the outer
// counts the non-NULL x per key. Both stay ordinary, parallel hash aggregates.
#pragma once

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// `aggregate` unchanged when it has no DISTINCT call; else the two-level plan above, or a
/// NotSupported error for DISTINCT mixed with other aggregates or other arguments.
Result<LogicalPtr> PlanDistinctAggregates(LogicalPtr aggregate);

}  // namespace orbit
