#include "plan/expression_rewrite.h"

#include <algorithm>

namespace orbit {

void MarkReferencedColumns(const Expr& expr, std::vector<bool>& columns) {
  if (expr.kind == ExprKind::kColumnRef) {
    if (static_cast<size_t>(expr.column_index) >= columns.size()) columns.resize(expr.column_index + 1, false);
    columns[expr.column_index] = true;
  }
  for (const auto& child : expr.children) MarkReferencedColumns(*child, columns);
}

std::vector<int> ReferencedColumns(const Expr& expr) {
  std::vector<bool> marked;
  MarkReferencedColumns(expr, marked);
  std::vector<int> out;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i]) out.push_back(static_cast<int>(i));
  }
  return out;
}

ExprPtr RemapColumns(const ExprPtr& expr, const std::function<int(int)>& map) {
  if (expr->kind == ExprKind::kColumnRef) {
    int target = map(expr->column_index);
    if (target == expr->column_index) return expr;
    auto copy = std::make_shared<Expr>(*expr);
    copy->column_index = target;
    return copy;
  }
  if (expr->children.empty()) return expr;
  std::vector<ExprPtr> children;
  bool changed = false;
  for (const auto& child : expr->children) {
    children.push_back(RemapColumns(child, map));
    changed = changed || children.back() != child;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<Expr>(*expr);
  copy->children = std::move(children);
  return copy;
}

std::vector<ExprPtr> SplitConjunction(const ExprPtr& expr) {
  if (expr->kind != ExprKind::kAnd) return {expr};
  std::vector<ExprPtr> out;
  for (const auto& child : expr->children) {
    std::vector<ExprPtr> parts = SplitConjunction(child);
    out.insert(out.end(), parts.begin(), parts.end());
  }
  return out;
}

ExprPtr MakeConjunction(std::vector<ExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  return Expr::Make(ExprKind::kAnd, DataType::Boolean(), std::move(conjuncts));
}

}  // namespace orbit
