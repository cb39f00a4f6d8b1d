#include "plan/optimizer/cardinality.h"

#include <algorithm>
#include <cmath>
#include <optional>

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

// The column a condition compares (through casts, which keep equal values equal), or null.
const Expr* ComparedColumn(const Expr& e) {
  const Expr* column = &e;
  while (column->kind == ExprKind::kCast) column = column->children[0].get();
  return column->kind == ExprKind::kColumnRef ? column : nullptr;
}

// The fraction of rows `column = constant` keeps: 1 / distinct values when the column's
// distinct count is known (uniform values), else the default.
double EqualitySelectivity(const Expr& a, const Expr& b, const ColumnFacts& facts) {
  const Expr* column = &a;
  const Expr* other = &b;
  if (column->kind == ExprKind::kConstant) std::swap(column, other);
  column = ComparedColumn(*column);
  if (!facts.distinct || column == nullptr || other->kind != ExprKind::kConstant) return kEqualitySelectivity;
  const double distinct = facts.distinct(column->column_index);
  return distinct >= 1 ? 1 / distinct : kEqualitySelectivity;
}

// A constant as a number in its column's representation (DATE days, DECIMAL scaled integer).
std::optional<double> NumberOf(const Expr& e) {
  if (e.kind != ExprKind::kConstant || e.constant.is_null) return std::nullopt;
  switch (physical_type(e.type)) {
    case PhysicalType::kInt8:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kInt128: return static_cast<double>(e.constant.AsInt128());
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: return e.constant.double_value;
    default: return std::nullopt;
  }
}

// Bounds a range condition puts on one column: column (<|<=|>|>=) constant, either way
// round, or column BETWEEN constants. Only a column compared without a cast qualifies: a
// cast could change the constant's scale.
struct ColumnBounds {
  int column = -1;
  double low = -HUGE_VAL;
  double high = HUGE_VAL;
};

std::optional<ColumnBounds> BoundsOf(const Expr& p) {
  if (p.kind == ExprKind::kBetween) {
    auto low = NumberOf(*p.children[1]), high = NumberOf(*p.children[2]);
    if (p.children[0]->kind != ExprKind::kColumnRef || !low || !high) return std::nullopt;
    return ColumnBounds{p.children[0]->column_index, *low, *high};
  }
  if (p.kind != ExprKind::kCompare || p.compare == CompareOp::kEq || p.compare == CompareOp::kNe) return std::nullopt;
  const Expr* column = p.children[0].get();
  const Expr* constant = p.children[1].get();
  bool column_left = true;
  if (column->kind != ExprKind::kColumnRef) {
    std::swap(column, constant);
    column_left = false;
  }
  auto value = NumberOf(*constant);
  if (column->kind != ExprKind::kColumnRef || !value) return std::nullopt;
  const bool below = (p.compare == CompareOp::kLt || p.compare == CompareOp::kLe) == column_left;
  ColumnBounds bounds{column->column_index};
  (below ? bounds.high : bounds.low) = *value;
  return bounds;
}

// The part of the column's value range [low, high] covers, assuming uniform values.
std::optional<double> CoveredFraction(const ColumnBounds& b, const ColumnFacts& facts) {
  if (!facts.range) return std::nullopt;
  const ValueRange range = facts.range(b.column);
  if (!range.known) return std::nullopt;
  const double low = std::max(b.low, range.min), high = std::min(b.high, range.max);
  if (high < low) return 0.0;
  if (range.max <= range.min) return 1.0;
  return std::clamp((high - low) / (range.max - range.min), 0.0, 1.0);
}

// AND: range conditions on one column meet in one interval (o_orderdate >= a AND
// o_orderdate < b keeps what lies between, not the product of two halves); everything else
// multiplies, as independent conditions.
double ConjunctionSelectivity(const Expr& p, const ColumnFacts& facts) {
  std::vector<ColumnBounds> intervals;
  double s = 1;
  for (const auto& c : p.children) {
    auto bounds = BoundsOf(*c);
    if (!bounds || !CoveredFraction(*bounds, facts)) {
      s *= EstimateSelectivity(*c, facts);
      continue;
    }
    auto same = std::find_if(intervals.begin(), intervals.end(),
                             [&](const ColumnBounds& i) { return i.column == bounds->column; });
    if (same == intervals.end()) {
      intervals.push_back(*bounds);
    } else {
      same->low = std::max(same->low, bounds->low);
      same->high = std::min(same->high, bounds->high);
    }
  }
  for (const ColumnBounds& i : intervals) s *= *CoveredFraction(i, facts);
  return s;
}

}  // namespace

double EstimateSelectivity(const Expr& p, const ColumnFacts& facts) {
  switch (p.kind) {
    case ExprKind::kConstant: return !p.constant.is_null && p.constant.bool_value ? 1.0 : 0.0;
    case ExprKind::kCompare:
      switch (p.compare) {
        case CompareOp::kEq: return EqualitySelectivity(*p.children[0], *p.children[1], facts);
        case CompareOp::kNe: return 1 - EqualitySelectivity(*p.children[0], *p.children[1], facts);
        default: break;
      }
      [[fallthrough]];
    case ExprKind::kBetween: {
      auto bounds = BoundsOf(p);
      auto covered = bounds ? CoveredFraction(*bounds, facts) : std::nullopt;
      if (covered) return *covered;
      return p.kind == ExprKind::kBetween ? kBetweenSelectivity : kRangeSelectivity;
    }
    case ExprKind::kInList: {
      const double values = static_cast<double>(p.children.size() - 1);
      const double one =
          p.children.size() > 1 ? EqualitySelectivity(*p.children[0], *p.children[1], facts) : kEqualitySelectivity;
      return std::min(one == kEqualitySelectivity ? kUnknownSelectivity : 1.0, one * values);
    }
    case ExprKind::kIsNull: return kEqualitySelectivity;
    case ExprKind::kIsNotNull: return 1 - kEqualitySelectivity;
    case ExprKind::kNot: return 1 - EstimateSelectivity(*p.children[0], facts);
    case ExprKind::kAnd: return ConjunctionSelectivity(p, facts);
    case ExprKind::kOr: {
      double none = 1;
      for (const auto& c : p.children) none *= 1 - EstimateSelectivity(*c, facts);
      return 1 - none;
    }
    default: return kUnknownSelectivity;
  }
}

ColumnFacts ScanColumnFacts(const LogicalOperator& filter) {
  const LogicalOperator* base = &filter.child();
  while (base->kind == LogicalKind::kFilter) base = &base->child();
  if (base->kind != LogicalKind::kGet) return {};
  return {[base](int column) { return DistinctCount(base->table, base->column_ids.at(column)); },
          [base](int column) { return ColumnValueRange(base->table, base->column_ids.at(column)); }};
}

double EstimateRows(LogicalOperator& op) {
  std::vector<double> child_rows;
  for (auto& child : op.children) child_rows.push_back(EstimateRows(*child));
  if (op.estimated_rows >= 0) return op.estimated_rows;
  double rows = 0;
  switch (op.kind) {
    case LogicalKind::kGet: rows = static_cast<double>(op.table->num_rows()); break;
    // The source's own estimate: read_csv's from the file size and the length of its first records.
    case LogicalKind::kTableFunctionScan: rows = op.source->estimated_rows(); break;
    case LogicalKind::kDummyScan: rows = 1; break;
    case LogicalKind::kEmptyResult: rows = 0; break;
    case LogicalKind::kFilter:
      rows = AtLeastOneRow(child_rows[0] * EstimateSelectivity(*op.predicate, ScanColumnFacts(op)), child_rows[0]);
      break;
    // Without statistics: an array of a few elements per row.
    case LogicalKind::kUnnest: rows = child_rows[0] * 4; break;
    case LogicalKind::kProjection:
    case LogicalKind::kWindow:
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
      if (op.join_kind == JoinKind::kSemi || op.join_kind == JoinKind::kAnti) {
        // Subquery filters: some of the left rows, never more; half without better knowledge.
        rows = AtLeastOneRow(l / 2, l);
        break;
      }
      if (op.join_kind == JoinKind::kMark || op.join_kind == JoinKind::kSingle) {
        rows = l;  // every left row once
        break;
      }
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
