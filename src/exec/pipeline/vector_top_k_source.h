// N:M similarity top-k through LATERAL: for
//   FROM queries q [LEFT | CROSS] JOIN LATERAL (SELECT ..., v <=> q.v AS d FROM items
//                                              [WHERE ...] ORDER BY d LIMIT k [OFFSET m]) n
// (any of the vector distance functions, either argument the outer one, ASC or DESC) the
// queries and the items each run once; the distances of every query against a block of
// items come from the function's own implementation (the vector kernels), and each
// query's best k + m are folded through the mergeable top-k kernels, blocks of items in
// parallel with a state per thread, the states merged per query at the end.
// The order is the generic path's: the distance in PostgreSQL's order of doubles (NaN
// above every number), NULL distances (a NULL vector on either side) last ascending and
// first descending unless NULLS FIRST / LAST says otherwise; equal distances go to the
// item that comes first in the items' scan.
#pragma once

#include "functions/table_function.h"
#include "plan/lateral.h"

namespace orbit {

/// A source producing the join's rows (left ++ subquery columns) when `join` has the shape
/// above; null when it does not (`join` is then left as it was).
Result<TableSourcePtr> MakeVectorTopKSource(LateralJoin& join);

}  // namespace orbit
