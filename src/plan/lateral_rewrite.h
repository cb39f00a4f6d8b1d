// What LATERAL's rewrites (lateral.cpp: by keys; lateral_per_row.cpp: per outer row) share:
// tests on a plan's outer references, and builders of the few operators they make.
#pragma once

#include <functional>
#include <vector>

#include "plan/lateral.h"

namespace orbit::lateral {

/// The expression slots of `op` itself, not of its children (null ones included).
void ForEachOwnExpression(LogicalOperator& op, const std::function<void(ExprPtr&)>& visit);
bool HasOuter(const Expr& e);
/// Whether an expression of `op` itself reads an outer column.
bool OwnReadsOuter(const LogicalOperator& op);
bool SubtreeReadsOuter(const LogicalOperator& op);

LogicalPtr MakeOp(LogicalKind kind, LogicalPtr child, Schema output);
ExprPtr ColumnOf(const Schema& schema, int i);
/// A projection of `columns` (positions in child's output) of `child`.
LogicalPtr Pick(LogicalPtr child, const std::vector<int>& columns);
/// begin, begin + 1, ..., end - 1.
std::vector<int> Range(int begin, int end);
/// A join of `kind` without a condition yet; output left ++ right.
LogicalPtr MakeJoin(JoinKind kind, LogicalPtr left, LogicalPtr right);
/// A kLimit's LIMIT + OFFSET, the last row number it keeps, saturated.
int64_t SaturatedEnd(const LogicalOperator& limit);
/// `e` with input column i replaced by values[i].
ExprPtr SubstituteColumns(const ExprPtr& e, const std::vector<ExprPtr>& values);
/// `e` over a join's left ++ rest: rest column c -> left_width + c, outer column c -> c.
ExprPtr OverJoin(const ExprPtr& e, int left_width);
/// `conditions` (over the join's left ++ right) as its keys (equalities between an
/// expression of each side) and its residual condition.
void SetJoinCondition(LogicalOperator& join, std::vector<ExprPtr> conditions, int left_width);
/// `rows` has one row per left row (the left's columns first): ON filters them (inner) or
/// NULLs the subquery's columns where it does not hold (LEFT).
LogicalPtr ApplyOnToSingleRows(LogicalPtr rows, const LateralJoin& join, int left_width);
/// The left side with its rows numbered from 1 (a last column), so each can be told apart.
LogicalPtr NumberRows(const LogicalOperator& left);
bool IsTrue(const ExprPtr& e);

// The per-outer-row strategies (lateral_per_row.cpp); each returns null where its shape is not met.
bool IsProjectionChainOverDummy(const LogicalOperator& op);
/// A subquery of projections over no FROM: the same projections over the left side.
LogicalPtr OverLeft(LogicalPtr op, LogicalPtr& left, int left_width);
/// Projections over one WHERE over a FROM reading no outer column: one join.
LogicalPtr JoinUnderProjections(LateralJoin& join);
/// An aggregate without GROUP BY over a correlation no key expresses.
LogicalPtr AggregatePerOuterRow(LateralJoin& join);
LogicalPtr TopNPerRow(LateralJoin& join);

}  // namespace orbit::lateral
