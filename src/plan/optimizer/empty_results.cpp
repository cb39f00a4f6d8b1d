#include "plan/optimizer/empty_results.h"

#include <algorithm>
#include <memory>

namespace orbit {

namespace {

bool IsEmptyResult(const LogicalOperator& op) { return op.kind == LogicalKind::kEmptyResult; }

// A condition no row can pass: constant false or NULL, or a conjunction holding one.
bool NeverTrue(const Expr& condition) {
  if (condition.kind == ExprKind::kConstant) return condition.constant.is_null || !condition.constant.bool_value;
  if (condition.kind == ExprKind::kAnd) {
    return std::any_of(condition.children.begin(), condition.children.end(),
                       [](const ExprPtr& c) { return NeverTrue(*c); });
  }
  return false;
}

LogicalPtr EmptyResultOf(const LogicalOperator& op) {
  auto empty = std::make_unique<LogicalOperator>(LogicalKind::kEmptyResult);
  empty->output = op.output;
  empty->estimated_rows = 0;
  return empty;
}

bool JoinIsEmpty(const LogicalOperator& join) {
  const bool left_empty = IsEmptyResult(*join.children[0]);
  const bool right_empty = IsEmptyResult(*join.children[1]);
  const bool never_pairs = join.predicate != nullptr && NeverTrue(*join.predicate);
  switch (join.join_kind) {
    case JoinKind::kInner:
    case JoinKind::kSemi:
    case JoinKind::kRightSemi: return left_empty || right_empty || never_pairs;
    case JoinKind::kLeft:
    case JoinKind::kAnti:
    case JoinKind::kMark:
    case JoinKind::kSingle: return left_empty;
    case JoinKind::kRight:
    case JoinKind::kRightAnti: return right_empty;
    case JoinKind::kFull: return left_empty && right_empty;
  }
  return false;
}

// Whether `op`, whose children are already pruned, can produce no row.
bool ProducesNoRows(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kFilter: return IsEmptyResult(op.child()) || NeverTrue(*op.predicate);
    case LogicalKind::kLimit: return IsEmptyResult(op.child()) || (op.limit.has_value() && *op.limit == 0);
    case LogicalKind::kProjection:
    case LogicalKind::kOrder:
    case LogicalKind::kUnnest:
    case LogicalKind::kWindow: return IsEmptyResult(op.child());
    // Without groups an aggregate of no rows is one row (count(*) = 0); an empty grouping
    // set (ROLLUP's grand total) is one too.
    case LogicalKind::kAggregate: {
      if (!IsEmptyResult(op.child()) || op.group_keys.empty()) return false;
      return std::none_of(op.grouping_sets.begin(), op.grouping_sets.end(),
                          [](const std::vector<int>& set) { return set.empty(); });
    }
    case LogicalKind::kJoin: return JoinIsEmpty(op);
    case LogicalKind::kUnionAll:
      return std::all_of(op.children.begin(), op.children.end(),
                         [](const LogicalPtr& child) { return IsEmptyResult(*child); });
    case LogicalKind::kGet:
    case LogicalKind::kTableFunctionScan:
    case LogicalKind::kDummyScan:
    case LogicalKind::kEmptyResult: return false;
  }
  return false;
}

}  // namespace

void PruneEmptyResults(LogicalPtr& plan) {
  for (LogicalPtr& child : plan->children) PruneEmptyResults(child);
  if (ProducesNoRows(*plan)) {
    plan = EmptyResultOf(*plan);
    return;
  }
  // A UNION ALL input of no rows is left out (one input is always kept: it carries the
  // column types).
  if (plan->kind == LogicalKind::kUnionAll) {
    auto& inputs = plan->children;
    auto kept =
        std::stable_partition(inputs.begin(), inputs.end(), [](const LogicalPtr& c) { return !IsEmptyResult(*c); });
    inputs.erase(std::max(kept, inputs.begin() + 1), inputs.end());
  }
}

}  // namespace orbit
