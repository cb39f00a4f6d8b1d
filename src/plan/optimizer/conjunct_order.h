// The order a filter tests the conditions of an AND: each condition only looks at the rows
// the ones before it kept, so cheap and selective conditions go first. TPC-H Q12's
// l_shipmode IN ('MAIL', 'SHIP') is a string comparison on every row when written first;
// after the date range (a SIMD kernel keeping 15% of rows) it sees a seventh of them.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// Reorders the AND of every filter in the plan: by the cost of one evaluation (kernel
/// comparisons with constants, then between columns, then strings, then the rest, LIKE
/// last), and within a cost by estimated selectivity. The answer never changes: AND has no
/// order in SQL, and every condition is evaluated for every row that reaches it.
void OrderConjuncts(LogicalOperator& plan);

}  // namespace orbit
