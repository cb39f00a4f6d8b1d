// RETURNING: the items are bound as the select list of SELECT items FROM target, whose plan
// is a projection straight over the table's scan; its expressions then read the changed rows
// as they read the table. Anything that would put another operator between them (an
// aggregate, a window, a subquery) is refused.
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

Status BindReturning(const std::vector<ast::SelectItem>& items, const ast::TableRef& target, const Catalog& catalog,
                     BoundStatement* bound) {
  ast::SelectStatement select;
  select.targets = items;
  select.from = target;
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindSelect(select, catalog));
  const bool direct = plan->kind == LogicalKind::kProjection && plan->children.size() == 1 &&
                      plan->children[0]->kind == LogicalKind::kGet;
  if (!direct) {
    return Status::NotSupported(
        "RETURNING with aggregates, window functions or subqueries (only expressions of the "
        "changed rows' columns)");
  }
  bound->returning = std::move(plan->expressions);
  bound->returning_schema = std::move(plan->output);
  return Status::OK();
}

}  // namespace orbit
