// Empty results known from the plan alone: a filter whose condition is constant false or
// NULL, LIMIT 0, and what they make empty above them (an inner join with an empty side, a
// grouped aggregate of no rows, ...) become one EmptyResult operator, so nothing below them is
// computed. As PostgreSQL's planner, which never evaluates a relation it proved empty:
// `SELECT ... FROM t JOIN (SELECT c0 * c1 FROM u) ... WHERE false` is no rows there, not an
// overflow of c0 * c1.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// Replaces every subtree of `plan` that can produce no row with a kEmptyResult of the same
/// columns.
void PruneEmptyResults(LogicalPtr& plan);

}  // namespace orbit
