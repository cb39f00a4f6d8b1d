#include "plan/expression_rewrite.h"

#include <algorithm>
#include <cmath>

namespace orbit {

namespace {

bool SameValue(const Value& a, const Value& b) {
  if (a.type != b.type || a.is_null != b.is_null) return false;
  if (a.is_null) return true;
  switch (a.type.id) {
    case TypeId::kBoolean: return a.bool_value == b.bool_value;
    case TypeId::kFloat:
    case TypeId::kDouble:
      return a.double_value == b.double_value || (std::isnan(a.double_value) && std::isnan(b.double_value));
    case TypeId::kVarchar: return a.string_value == b.string_value;
    default: return a.AsInt128() == b.AsInt128();
  }
}

}  // namespace

bool SameExpr(const Expr& a, const Expr& b) {
  if (&a == &b) return true;  // also for a volatile call, which no other node equals
  if (a.kind != b.kind || a.type != b.type || a.children.size() != b.children.size()) return false;
  switch (a.kind) {
    case ExprKind::kColumnRef:
    case ExprKind::kOuterColumnRef:
      if (a.column_index != b.column_index) return false;
      break;
    case ExprKind::kConstant:
      if (!SameValue(a.constant, b.constant)) return false;
      break;
    case ExprKind::kArithmetic:
      if (a.arithmetic != b.arithmetic) return false;
      break;
    case ExprKind::kCompare:
      if (a.compare != b.compare) return false;
      break;
    case ExprKind::kFunction:
      if (a.function != b.function || a.variant != b.variant) return false;
      if (a.function != nullptr && a.function->is_volatile) return false;  // random() is not random()
      break;
    default: break;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameExpr(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

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

namespace {

// SameExpr, also matching a = b with b = a.
bool SameCondition(const Expr& a, const Expr& b) {
  if (SameExpr(a, b)) return true;
  bool symmetric = a.kind == ExprKind::kCompare && (a.compare == CompareOp::kEq || a.compare == CompareOp::kNe);
  return symmetric && b.kind == ExprKind::kCompare && a.compare == b.compare &&
         SameExpr(*a.children[0], *b.children[1]) && SameExpr(*a.children[1], *b.children[0]);
}

}  // namespace

ExprPtr FactorOr(const ExprPtr& expr) {
  if (expr->kind != ExprKind::kOr) return expr;
  std::vector<std::vector<ExprPtr>> branches;
  for (const auto& branch : expr->children) branches.push_back(SplitConjunction(FactorOr(branch)));
  std::vector<ExprPtr> common;
  for (const ExprPtr& candidate : branches[0]) {
    bool everywhere = std::all_of(branches.begin() + 1, branches.end(), [&](const std::vector<ExprPtr>& b) {
      return std::any_of(b.begin(), b.end(), [&](const ExprPtr& c) { return SameCondition(*c, *candidate); });
    });
    bool seen =
        std::any_of(common.begin(), common.end(), [&](const ExprPtr& c) { return SameCondition(*c, *candidate); });
    if (everywhere && !seen) common.push_back(candidate);
  }
  if (common.empty()) return expr;
  std::vector<ExprPtr> rest;
  for (auto& branch : branches) {
    std::vector<ExprPtr> left;
    for (auto& c : branch) {
      bool shared = std::any_of(common.begin(), common.end(), [&](const ExprPtr& x) { return SameCondition(*x, *c); });
      if (!shared) left.push_back(std::move(c));
    }
    // A branch that was nothing but the common part is TRUE: the OR holds whenever it does.
    if (left.empty()) return MakeConjunction(std::move(common));
    rest.push_back(MakeConjunction(std::move(left)));
  }
  common.push_back(Expr::Make(ExprKind::kOr, DataType::Boolean(), std::move(rest)));
  return MakeConjunction(std::move(common));
}

}  // namespace orbit
