// Projection pruning: every operator keeps only the columns something above it reads, so
// scans read only the columns the query needs and joins carry no unused payload.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// Removes unread columns throughout `plan`; the root's output stays as it is.
void PruneColumns(LogicalOperator& plan);

}  // namespace orbit
