#include "plan/optimizer/cardinality.h"

#include <algorithm>

namespace orbit {

namespace {
// Defaults in the spirit of PostgreSQL's selfuncs.h: equality is selective, ranges keep a third.
constexpr double kEqualitySelectivity = 0.1;
constexpr double kRangeSelectivity = 1.0 / 3.0;
constexpr double kBetweenSelectivity = 0.25;
constexpr double kUnknownSelectivity = 0.5;

// An estimate of rows from a non-empty input is at least one row, as in PostgreSQL.
double AtLeastOneRow(double rows, double input) { return input > 0 ? std::max(rows, 1.0) : 0; }

}  // namespace

double EstimateSelectivity(const Expr& p) {
  switch (p.kind) {
    case ExprKind::kConstant: return !p.constant.is_null && p.constant.bool_value ? 1.0 : 0.0;
    case ExprKind::kCompare:
      switch (p.compare) {
        case CompareOp::kEq: return kEqualitySelectivity;
        case CompareOp::kNe: return 1 - kEqualitySelectivity;
        default: return kRangeSelectivity;
      }
    case ExprKind::kBetween: return kBetweenSelectivity;
    case ExprKind::kInList:
      return std::min(kUnknownSelectivity, kEqualitySelectivity * static_cast<double>(p.children.size() - 1));
    case ExprKind::kIsNull: return kEqualitySelectivity;
    case ExprKind::kIsNotNull: return 1 - kEqualitySelectivity;
    case ExprKind::kNot: return 1 - EstimateSelectivity(*p.children[0]);
    case ExprKind::kAnd: {
      double s = 1;
      for (const auto& c : p.children) s *= EstimateSelectivity(*c);
      return s;
    }
    case ExprKind::kOr: {
      double none = 1;
      for (const auto& c : p.children) none *= 1 - EstimateSelectivity(*c);
      return 1 - none;
    }
    default: return kUnknownSelectivity;
  }
}

double EstimateRows(LogicalOperator& op) {
  std::vector<double> child_rows;
  for (auto& child : op.children) child_rows.push_back(EstimateRows(*child));
  if (op.estimated_rows >= 0) return op.estimated_rows;
  double rows = 0;
  switch (op.kind) {
    case LogicalKind::kGet: rows = static_cast<double>(op.table->num_rows()); break;
    case LogicalKind::kDummyScan: rows = 1; break;
    case LogicalKind::kFilter:
      rows = AtLeastOneRow(child_rows[0] * EstimateSelectivity(*op.predicate), child_rows[0]);
      break;
    case LogicalKind::kProjection:
    case LogicalKind::kOrder: rows = child_rows[0]; break;
    case LogicalKind::kAggregate:
      // Without statistics: a tenth of the input forms distinct groups.
      rows = op.group_keys.empty() ? 1 : std::max(1.0, child_rows[0] / 10);
      break;
    case LogicalKind::kLimit:
      rows = std::max(0.0, child_rows[0] - static_cast<double>(op.offset));
      if (op.limit) rows = std::min(rows, static_cast<double>(*op.limit));
      break;
    case LogicalKind::kJoin: {
      // With keys, assume a key/foreign-key join: each row of the larger side finds one partner.
      double l = child_rows[0], r = child_rows[1];
      rows = op.left_keys.empty() ? l * r : std::max(l, r);
      if (op.predicate) rows *= EstimateSelectivity(*op.predicate);
      rows = AtLeastOneRow(rows, l * r);
      if (op.join_kind == JoinKind::kLeft || op.join_kind == JoinKind::kFull) rows = std::max(rows, l);
      if (op.join_kind == JoinKind::kRight || op.join_kind == JoinKind::kFull) rows = std::max(rows, r);
      break;
    }
    case LogicalKind::kUnionAll:
      for (double r : child_rows) rows += r;
      break;
  }
  op.estimated_rows = rows;
  return rows;
}

}  // namespace orbit
