// Moves a semi or anti join (a decorrelated IN, EXISTS, NOT IN, NOT EXISTS) below the inner
// joins of its left input, next to the relation its keys and condition read: the rows it
// removes then never reach the other joins. TPC-H Q18's o_orderkey IN (...) keeps 57 of
// 1.5 million orders; applied on top of customer x orders x lineitem it filters six million
// joined rows, applied to orders it shrinks the build side lineitem probes. It moves only
// where its subquery is estimated smaller than the input it would then filter.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// `join` (a planned semi or anti join) moved as deep into its left input as the columns it
/// reads allow, or unchanged; the result produces the same columns as `join`.
LogicalPtr PushSemiJoinDown(LogicalPtr join);

}  // namespace orbit
