#include "plan/optimizer/semi_join_pushdown.h"

#include <algorithm>

#include "plan/expression_rewrite.h"
#include "plan/optimizer/cardinality.h"

namespace orbit {

namespace {

bool IsSemiOrAnti(const LogicalOperator& op) {
  return op.kind == LogicalKind::kJoin && (op.join_kind == JoinKind::kSemi || op.join_kind == JoinKind::kAnti);
}

// The columns of the join's left input that its keys and condition read.
std::vector<int> LeftColumnsRead(const LogicalOperator& join, int left_width) {
  std::vector<int> columns;
  for (const auto& key : join.left_keys) {
    for (int c : ReferencedColumns(*key)) columns.push_back(c);
  }
  if (join.predicate) {
    for (int c : ReferencedColumns(*join.predicate)) {
      if (c < left_width) columns.push_back(c);
    }
  }
  return columns;
}

}  // namespace

LogicalPtr PushSemiJoinDown(LogicalPtr join) {
  if (!IsSemiOrAnti(*join)) return join;
  LogicalOperator& left = *join->children[0];
  const int left_width = static_cast<int>(left.output.size());
  // Through a filter over joins (the semi join keeps the filter's columns, so the filter
  // goes above it), to reach the joins; a filter on a scan stays below, where it is cheap.
  const bool filter_over_joins =
      left.kind == LogicalKind::kFilter &&
      (left.child().kind == LogicalKind::kProjection ||
       (left.child().kind == LogicalKind::kJoin && left.child().join_kind == JoinKind::kInner));
  if (filter_over_joins) {
    LogicalPtr filter = std::move(join->children[0]);
    join->children[0] = std::move(filter->children[0]);
    filter->children[0] = PushSemiJoinDown(std::move(join));
    return filter;
  }
  // Through a projection that only picks columns (the join planner restores the query's
  // column order with one): read the picked columns directly.
  if (left.kind == LogicalKind::kProjection &&
      std::all_of(left.expressions.begin(), left.expressions.end(),
                  [](const ExprPtr& e) { return e->kind == ExprKind::kColumnRef; })) {
    LogicalPtr projection = std::move(join->children[0]);
    const int child_width = static_cast<int>(projection->children[0]->output.size());
    auto remap = [&](int c) {
      return c < left_width ? projection->expressions[c]->column_index : c - left_width + child_width;
    };
    for (auto& key : join->left_keys) key = RemapColumns(key, remap);
    if (join->predicate) join->predicate = RemapColumns(join->predicate, remap);
    join->children[0] = std::move(projection->children[0]);
    join->output = join->children[0]->output;
    projection->children[0] = PushSemiJoinDown(std::move(join));
    return projection;
  }
  if (left.kind != LogicalKind::kJoin || left.join_kind != JoinKind::kInner) return join;
  const std::vector<int> columns = LeftColumnsRead(*join, left_width);
  if (columns.empty()) return join;
  const int first_width = static_cast<int>(left.children[0]->output.size());
  const bool in_first = std::all_of(columns.begin(), columns.end(), [&](int c) { return c < first_width; });
  const bool in_second = std::all_of(columns.begin(), columns.end(), [&](int c) { return c >= first_width; });
  if (!in_first && !in_second) return join;
  const int side = in_first ? 0 : 1;
  // Only where the semi join is a cheap filter: its subquery (the build side) smaller than
  // the input it would filter. Otherwise the other joins, applied first, leave it fewer
  // rows to probe (TPC-H Q21's EXISTS over all of lineitem waits for the selective joins).
  const double subquery_rows = EstimateRows(*join->children[1]);
  const double input_rows = EstimateRows(*left.children[side]);
  if (subquery_rows >= input_rows) return join;
  const int offset = in_first ? 0 : first_width;
  const int side_width = static_cast<int>(left.children[side]->output.size());

  // The semi join over that input alone: left columns shift by the input's offset, the
  // subquery's columns follow the narrower left side.
  LogicalPtr inner = std::move(join->children[0]);
  auto remap = [&](int c) { return c < left_width ? c - offset : c - left_width + side_width; };
  for (auto& key : join->left_keys) key = RemapColumns(key, remap);
  if (join->predicate) join->predicate = RemapColumns(join->predicate, remap);
  join->children[0] = std::move(inner->children[side]);
  join->output = join->children[0]->output;
  join->estimated_rows = std::min(join->estimated_rows >= 0 ? join->estimated_rows : 1e300,
                                  join->children[0]->estimated_rows >= 0 ? join->children[0]->estimated_rows : 1e300);
  if (join->estimated_rows >= 1e300) join->estimated_rows = -1;
  inner->children[side] = PushSemiJoinDown(std::move(join));
  return inner;
}

}  // namespace orbit
