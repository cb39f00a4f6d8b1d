#include "plan/optimizer/conjunct_order.h"

#include <algorithm>

#include "plan/expression_errors.h"
#include "plan/optimizer/cardinality.h"

namespace orbit {

namespace {

bool IsFixedWidthColumn(const Expr& e) {
  if (e.kind != ExprKind::kColumnRef) return false;
  const PhysicalType p = physical_type(e.type);
  return p == PhysicalType::kInt32 || p == PhysicalType::kInt64 || p == PhysicalType::kInt128 ||
         p == PhysicalType::kDouble;
}

bool AllConstantAfterFirst(const Expr& e) {
  return std::all_of(e.children.begin() + 1, e.children.end(),
                     [](const ExprPtr& c) { return c->kind == ExprKind::kConstant; });
}

// Relative cost of evaluating a condition on one row (a rank, not a time).
int CostClass(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: return 0;
    case ExprKind::kCompare:
    case ExprKind::kBetween:
    case ExprKind::kInList: {
      const Expr& subject = *e.children[0];
      if (IsFixedWidthColumn(subject)) {
        if (AllConstantAfterFirst(e)) return 1;
        if (e.kind == ExprKind::kCompare && IsFixedWidthColumn(*e.children[1])) return 2;
      }
      if (subject.kind == ExprKind::kColumnRef && AllConstantAfterFirst(e)) return 3;
      return 4;
    }
    case ExprKind::kLike: return 6;
    case ExprKind::kNot: return CostClass(*e.children[0]);
    default: return 5;
  }
}

void OrderFilter(LogicalOperator& filter) {
  Expr& predicate = *filter.predicate;
  if (predicate.kind != ExprKind::kAnd || predicate.children.size() < 2) return;
  const ColumnFacts facts = ScanColumnFacts(filter);
  struct Ranked {
    ExprPtr condition;
    bool can_fail;
    int cost;
    double selectivity;
  };
  std::vector<Ranked> ranked;
  for (const ExprPtr& c : predicate.children) {
    ranked.push_back({c, CanRaiseError(*c), CostClass(*c), EstimateSelectivity(*c, facts)});
  }
  // Only conditions that cannot fail move: a condition that can fail keeps its place after
  // every condition written before it, so it never runs on a row those exclude.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.can_fail || b.can_fail) return !a.can_fail && b.can_fail;
    return a.cost != b.cost ? a.cost < b.cost : a.selectivity < b.selectivity;
  });
  auto ordered = std::make_shared<Expr>(predicate);
  for (size_t i = 0; i < ranked.size(); ++i) ordered->children[i] = ranked[i].condition;
  filter.predicate = std::move(ordered);
}

}  // namespace

void OrderConjuncts(LogicalOperator& plan) {
  for (auto& child : plan.children) OrderConjuncts(*child);
  if (plan.kind == LogicalKind::kFilter) OrderFilter(plan);
}

}  // namespace orbit
