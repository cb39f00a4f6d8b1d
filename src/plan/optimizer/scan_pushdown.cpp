#include "plan/optimizer/scan_pushdown.h"

#include <numeric>
#include <optional>

namespace orbit {

namespace {

std::optional<ScanFilterOp> FilterOp(CompareOp op, bool flipped) {
  switch (op) {
    case CompareOp::kEq: return ScanFilterOp::kEq;
    case CompareOp::kLt: return flipped ? ScanFilterOp::kGt : ScanFilterOp::kLt;
    case CompareOp::kLe: return flipped ? ScanFilterOp::kGe : ScanFilterOp::kLe;
    case CompareOp::kGt: return flipped ? ScanFilterOp::kLt : ScanFilterOp::kGt;
    case CompareOp::kGe: return flipped ? ScanFilterOp::kLe : ScanFilterOp::kGe;
    case CompareOp::kNe: return std::nullopt;
  }
  return std::nullopt;
}

bool IsColumn(const ExprPtr& e) { return e->kind == ExprKind::kColumnRef; }
bool IsValue(const ExprPtr& e) { return e->kind == ExprKind::kConstant && !e->constant.is_null; }

// The column-with-constant comparisons among `predicate`'s conjuncts (positions in the
// scan's output).
void CollectFilters(const Expr& predicate, std::vector<ScanFilter>* out) {
  if (predicate.kind == ExprKind::kAnd) {
    for (const ExprPtr& child : predicate.children) CollectFilters(*child, out);
    return;
  }
  const auto& c = predicate.children;
  if (predicate.kind == ExprKind::kCompare && c.size() == 2 && c[0]->type == c[1]->type) {
    const bool flipped = IsValue(c[0]) && IsColumn(c[1]);
    if (!flipped && !(IsColumn(c[0]) && IsValue(c[1]))) return;
    std::optional<ScanFilterOp> op = FilterOp(predicate.compare, flipped);
    const Expr& column = flipped ? *c[1] : *c[0];
    if (op) out->push_back({column.column_index, *op, (flipped ? c[0] : c[1])->constant});
    return;
  }
  if (predicate.kind == ExprKind::kBetween && c.size() == 3 && IsColumn(c[0]) && IsValue(c[1]) && IsValue(c[2]) &&
      c[0]->type == c[1]->type && c[0]->type == c[2]->type) {
    out->push_back({c[0]->column_index, ScanFilterOp::kGe, c[1]->constant});
    out->push_back({c[0]->column_index, ScanFilterOp::kLe, c[2]->constant});
  }
}

void Narrow(LogicalOperator& scan, std::vector<ScanFilter> filters) {
  for (ScanFilter& f : filters) f.column = scan.column_ids[f.column];  // a position in the source
  TableSourcePtr narrowed = scan.source->WithScan(scan.column_ids, filters);
  if (!narrowed) return;
  scan.source = std::move(narrowed);
  scan.column_ids.resize(scan.source->schema().size());
  std::iota(scan.column_ids.begin(), scan.column_ids.end(), 0);
}

// The scan under `filter`, reached through projections that pass columns on as they are
// (a view or subquery selecting some columns), with `filters` carried down to its columns;
// null when something else comes first.
LogicalOperator* ScanBelow(LogicalOperator& filter, std::vector<ScanFilter>* filters) {
  LogicalOperator* op = filter.children[0].get();
  while (op->kind == LogicalKind::kProjection) {
    std::vector<ScanFilter> kept;
    for (ScanFilter f : *filters) {
      const ExprPtr& e = op->expressions[f.column];
      if (e->kind != ExprKind::kColumnRef) continue;
      f.column = e->column_index;
      kept.push_back(std::move(f));
    }
    *filters = std::move(kept);
    op = op->children[0].get();
  }
  return op->kind == LogicalKind::kTableFunctionScan ? op : nullptr;
}

}  // namespace

void PushDownIntoScans(LogicalOperator& plan) {
  if (plan.kind == LogicalKind::kFilter) {
    std::vector<ScanFilter> filters;
    CollectFilters(*plan.predicate, &filters);
    if (LogicalOperator* scan = ScanBelow(plan, &filters)) {
      Narrow(*scan, std::move(filters));
      return;
    }
  }
  if (plan.kind == LogicalKind::kTableFunctionScan) {
    Narrow(plan, {});
    return;
  }
  for (LogicalPtr& child : plan.children) PushDownIntoScans(*child);
}

}  // namespace orbit
