// A decorrelated scalar subquery with an aggregate (TPC-H Q17's avg(l_quantity) per part,
// Q20's sum(l_quantity) per part and supplier) groups the subquery's rows by the
// correlation keys and joins the groups back. Only the groups of keys the outer query has
// are ever used, so the subquery's input is first semi-joined with the outer relation
// those keys come from (a copy of it, with its filters): Q17 then averages 6 thousand
// lineitems of 204 parts instead of all 6 million of 200 thousand parts. The same idea as
// DuckDB's delim join, restricted to keys that come from one relation.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// For a planned single join (see decorrelation.h) whose left keys are columns of one
/// relation of its left input: restricts the aggregate on its right to those keys.
/// Otherwise leaves the join as it is.
void ReduceSubqueryGroups(LogicalOperator& single_join);

}  // namespace orbit
