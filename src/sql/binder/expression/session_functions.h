// Functions whose value is the session's, not the rows': current_schema() and
// current_schemas(include_implicit), read from the search path and the catalog the
// statement is bound over and folded to constants when bound (once per statement); and
// psql's pg_get_userbyid(oid) and pg_table_is_visible(oid) over pg_catalog.h's OIDs.
#pragma once

#include <string>

#include "common/status.h"
#include "plan/expression.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/ast.h"

namespace orbit {

/// Makes `catalog` the one session functions read on this thread while BindStatement runs.
class BindingCatalogScope {
 public:
  explicit BindingCatalogScope(const Catalog& catalog);
  ~BindingCatalogScope();
  BindingCatalogScope(const BindingCatalogScope&) = delete;
  BindingCatalogScope& operator=(const BindingCatalogScope&) = delete;

 private:
  const Catalog* previous_;
};

/// Whether `name` is one of the session functions.
bool IsSessionFunction(const std::string& name);
/// The call bound: a constant, or an expression over `arguments` (the call's, bound).
Result<ExprPtr> FoldSessionFunction(const ast::Expr& call, const std::vector<ExprPtr>& arguments);

}  // namespace orbit
