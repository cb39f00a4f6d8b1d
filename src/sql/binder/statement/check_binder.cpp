// CHECK constraints: checked and named when a table gets one, bound again over its rows
// whenever they change (main/check_constraints.h).
#include <algorithm>
#include <set>

#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

constexpr const char* kClause = "check constraints";

// The lower-case names of the columns `expr` reads.
Status CollectColumns(const ast::Expr& expr, std::set<std::string>* columns) {
  if (expr.kind == ast::ExprKind::kColumnRef) {
    if (expr.names.size() > 1) {
      return Status::NotSupported("qualified column names in CHECK constraints ({}): write the column alone",
                                  expr.ToString());
    }
    columns->insert(ToLower(expr.names.back()));
  }
  if (expr.kind == ast::ExprKind::kSubquery) {
    return Status(StatusCode::kNotSupported, "cannot use subquery in check constraint");  // PostgreSQL's 0A000
  }
  for (const ast::ExprPtr& child : expr.children) ORBIT_RETURN_IF_ERROR(CollectColumns(*child, columns));
  return Status::OK();
}

Result<ExprPtr> BindOver(const ast::Expr& expr, const std::string& table, const Schema& columns) {
  BindScope scope;
  ORBIT_RETURN_IF_ERROR(scope.AddRelation(NameOfKey(table), "", columns));
  ExpressionBinder binder(&scope, kClause);
  ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(expr));
  if (bound->type.id != TypeId::kBoolean && bound->type.id != TypeId::kNull) {
    return Status::TypeError("argument of CHECK must be type boolean, not type {}: {}", bound->type.ToString(),
                             expr.ToString());
  }
  return bound;
}

}  // namespace

Result<CheckConstraint> BindCheck(const ast::CheckDefinition& definition, const std::string& table,
                                  const Schema& columns, const std::vector<std::string>& taken) {
  std::set<std::string> read;
  ORBIT_RETURN_IF_ERROR(CollectColumns(*definition.expr, &read));
  ORBIT_RETURN_IF_ERROR(BindOver(*definition.expr, table, columns).status());
  CheckConstraint check{definition.name, definition.expr, definition.sql, {read.begin(), read.end()}};
  auto is_taken = [&](const std::string& name) {
    return std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return ToLower(t) == ToLower(name); });
  };
  if (!check.name.empty()) {
    if (is_taken(check.name)) return Status::BindError("check constraint \"{}\" already exists", check.name);
    return check;
  }
  std::string base = NameOfKey(table) + "_";
  if (read.size() == 1) {
    for (const Field& field : columns) {
      if (ToLower(field.name) == *read.begin()) base += field.name + "_";
    }
  }
  base += "check";
  check.name = base;
  for (int n = 1; is_taken(check.name); ++n) check.name = base + std::to_string(n);
  return check;
}

Result<ExprPtr> BindCheckCondition(const CheckConstraint& check, const std::string& table, const Schema& columns) {
  return BindOver(*check.expr, table, columns);
}

}  // namespace orbit
