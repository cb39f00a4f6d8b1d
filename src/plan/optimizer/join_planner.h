// The optimizer's join and filter rewrite: flattens each tree of inner joins and filters
// into relations plus AND-ed conditions, pushes every condition on one relation down onto
// it, turns equalities between relations into hash join keys, orders the joins by
// estimated size (join_order.h) with the smaller input of each join as its build side,
// and applies what remains as join conditions as low as possible. LEFT joins keep their
// place; their ON conditions on the right side alone filter the right input first.
#pragma once

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// Rewrites the joins and filters of `plan`; the output columns stay the same.
Result<LogicalPtr> PlanJoins(LogicalPtr plan);

}  // namespace orbit
