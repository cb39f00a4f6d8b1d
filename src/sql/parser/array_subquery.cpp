#include "sql/parser/array_subquery.h"

#include <string>
#include <utility>

namespace orbit {

namespace {

ast::ExprPtr ColumnOf(const std::string& relation, const std::string& column, int location) {
  auto e = ast::NewExpr(ast::ExprKind::kColumnRef, {}, location);
  e->names = {relation, column};
  return e;
}

// ORDER BY 1, or by the element's own name or expression: the element orders itself.
bool OrdersByElement(const ast::OrderItem& item, const ast::SelectItem& element) {
  const ast::Expr& key = *item.expr;
  if (key.kind == ast::ExprKind::kConstant && key.constant.kind == ast::ConstantKind::kInteger) {
    return key.constant.integer == 1;
  }
  if (key.kind == ast::ExprKind::kColumnRef && key.names.size() == 1 && !element.alias.empty() &&
      key.names[0] == element.alias) {
    return true;
  }
  return key.ToString() == element.expr->ToString();
}

bool CallsFunction(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFunction || e.kind == ast::ExprKind::kWindow) return true;
  for (const ast::ExprPtr& c : e.children) {
    if (c && CallsFunction(*c)) return true;
  }
  return false;
}

// Whether array_agg can take the place of the select list without a derived table (so a
// correlated subquery still reads its outer query): no grouping, DISTINCT, LIMIT or OFFSET,
// and no call that might be an aggregate or a window in the column or the ORDER BY.
bool AggregatesInPlace(const ast::SelectStatement& select) {
  if (select.distinct || !select.distinct_on.empty() || !select.group_by.empty() || select.having || select.limit ||
      select.offset || CallsFunction(*select.targets[0].expr)) {
    return false;
  }
  for (const ast::OrderItem& item : select.order_by) {
    if (CallsFunction(*item.expr)) return false;
  }
  return true;
}

ast::ExprPtr EmptyArrayOr(ast::ExprPtr array, int location) {
  auto empty = ast::NewExpr(ast::ExprKind::kConstant, {}, location);
  empty->constant.kind = ast::ConstantKind::kString;
  empty->constant.text = "{}";
  auto coalesce = ast::NewExpr(ast::ExprKind::kConditional, {std::move(array), std::move(empty)}, location);
  coalesce->name = "coalesce";
  return coalesce;
}

ast::ExprPtr ScalarSubquery(std::shared_ptr<ast::SelectStatement> select, int location) {
  auto e = ast::NewExpr(ast::ExprKind::kSubquery, {}, location);
  e->subquery_kind = ast::SubqueryKind::kScalar;
  e->subquery = std::move(select);
  return e;
}

}  // namespace

Result<ast::ExprPtr> RewriteArraySubquery(const ast::SelectStatement& select, int location) {
  const bool one_column = select.set_operation == ast::SetOperation::kNone && select.targets.size() == 1 &&
                          select.targets[0].expr && select.targets[0].expr->kind != ast::ExprKind::kStar;
  if (!one_column) return Status::NotSupported("ARRAY(subquery) of other than one named column");
  const ast::SelectItem& element = select.targets[0];
  auto call = ast::NewExpr(ast::ExprKind::kFunction, {}, location);
  call->name = "array_agg";
  if (AggregatesInPlace(select)) {
    // SELECT coalesce(array_agg(e ORDER BY keys), '{}') FROM ... WHERE ...
    call->children.push_back(element.expr);
    for (const ast::OrderItem& item : select.order_by) {
      call->children.push_back(OrdersByElement(item, element) ? element.expr : item.expr);
      call->aggregate_order.push_back({item.descending, item.nulls_first});
    }
    auto in_place = std::make_shared<ast::SelectStatement>(select);
    in_place->targets = {{EmptyArrayOr(std::move(call), location), "array"}};
    in_place->order_by.clear();
    return ScalarSubquery(std::move(in_place), location);
  }
  constexpr const char* kRelation = "array";
  auto inner = std::make_shared<ast::SelectStatement>(select);
  inner->targets[0].alias = "element";
  call->children.push_back(ColumnOf(kRelation, "element", location));
  for (size_t k = 0; k < select.order_by.size(); ++k) {
    const ast::OrderItem& item = select.order_by[k];
    std::string column = "element";
    if (!OrdersByElement(item, element)) {
      if (select.distinct) {
        return Status::NotSupported("ARRAY(SELECT DISTINCT ...) ordered by another expression than its column");
      }
      column = "key" + std::to_string(k + 1);
      inner->targets.push_back({item.expr, column});
    }
    call->children.push_back(ColumnOf(kRelation, column, location));
    call->aggregate_order.push_back({item.descending, item.nulls_first});
  }
  auto outer = std::make_shared<ast::SelectStatement>();
  outer->targets.push_back({EmptyArrayOr(std::move(call), location), "array"});
  ast::TableRef from;
  from.subquery = std::move(inner);
  from.alias = kRelation;
  outer->from = std::move(from);
  return ScalarSubquery(std::move(outer), location);
}

}  // namespace orbit
