#include "plan/optimizer/cardinality.h"

#include <algorithm>

#include "plan/optimizer/column_statistics.h"

namespace orbit {

namespace {
// Defaults in the spirit of PostgreSQL's selfuncs.h: equality is selective, ranges keep a third.
constexpr double kEqualitySelectivity = 0.1;
constexpr double kRangeSelectivity = 1.0 / 3.0;
constexpr double kBetweenSelectivity = 0.25;
constexpr double kUnknownSelectivity = 0.5;

// An estimate of rows from a non-empty input is at least one row, as in PostgreSQL.
double AtLeastOneRow(double rows, double input) { return input > 0 ? std::max(rows, 1.0) : 0; }

// The fraction of rows `column = constant` keeps: 1 / distinct values when the column's
// distinct count is known (uniform values), else the default.
double EqualitySelectivity(const Expr& a, const Expr& b, const DistinctCountOf& distinct_of) {
  const Expr* column = &a;
  const Expr* other = &b;
  if (column->kind == ExprKind::kConstant) std::swap(column, other);
  while (column->kind == ExprKind::kCast) column = column->children[0].get();
  if (!distinct_of || column->kind != ExprKind::kColumnRef || other->kind != ExprKind::kConstant) {
    return kEqualitySelectivity;
  }
  const double distinct = distinct_of(column->column_index);
  return distinct >= 1 ? 1 / distinct : kEqualitySelectivity;
}

}  // namespace

double EstimateSelectivity(const Expr& p, const DistinctCountOf& distinct_of) {
  switch (p.kind) {
    case ExprKind::kConstant: return !p.constant.is_null && p.constant.bool_value ? 1.0 : 0.0;
    case ExprKind::kCompare:
      switch (p.compare) {
        case CompareOp::kEq: return EqualitySelectivity(*p.children[0], *p.children[1], distinct_of);
        case CompareOp::kNe: return 1 - EqualitySelectivity(*p.children[0], *p.children[1], distinct_of);
        default: return kRangeSelectivity;
      }
    case ExprKind::kBetween: return kBetweenSelectivity;
    case ExprKind::kInList: {
      const double values = static_cast<double>(p.children.size() - 1);
      const double one = p.children.size() > 1 ? EqualitySelectivity(*p.children[0], *p.children[1], distinct_of)
                                               : kEqualitySelectivity;
      return std::min(one == kEqualitySelectivity ? kUnknownSelectivity : 1.0, one * values);
    }
    case ExprKind::kIsNull: return kEqualitySelectivity;
    case ExprKind::kIsNotNull: return 1 - kEqualitySelectivity;
    case ExprKind::kNot: return 1 - EstimateSelectivity(*p.children[0], distinct_of);
    case ExprKind::kAnd: {
      double s = 1;
      for (const auto& c : p.children) s *= EstimateSelectivity(*c, distinct_of);
      return s;
    }
    case ExprKind::kOr: {
      double none = 1;
      for (const auto& c : p.children) none *= 1 - EstimateSelectivity(*c, distinct_of);
      return 1 - none;
    }
    default: return kUnknownSelectivity;
  }
}

namespace {

// Distinct counts of the filter's input columns when that input is a table scan (through
// other filters, which keep the columns): the column statistics of the table.
DistinctCountOf ScanDistinctCounts(const LogicalOperator& filter) {
  const LogicalOperator* base = &filter.child();
  while (base->kind == LogicalKind::kFilter) base = &base->child();
  if (base->kind != LogicalKind::kGet) return nullptr;
  return [base](int column) { return DistinctCount(base->table, base->column_ids.at(column)); };
}

}  // namespace

double EstimateRows(LogicalOperator& op) {
  std::vector<double> child_rows;
  for (auto& child : op.children) child_rows.push_back(EstimateRows(*child));
  if (op.estimated_rows >= 0) return op.estimated_rows;
  double rows = 0;
  switch (op.kind) {
    case LogicalKind::kGet: rows = static_cast<double>(op.table->num_rows()); break;
    case LogicalKind::kDummyScan: rows = 1; break;
    case LogicalKind::kFilter:
      rows = AtLeastOneRow(child_rows[0] * EstimateSelectivity(*op.predicate, ScanDistinctCounts(op)), child_rows[0]);
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
      if (op.join_kind == JoinKind::kLeft) rows = std::max(rows, l);
      break;
    }
  }
  op.estimated_rows = rows;
  return rows;
}

}  // namespace orbit
