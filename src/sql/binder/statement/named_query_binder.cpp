// FROM items that name a query rather than a table: a common table expression (WITH) or a
// view. Both are bound again at each reference, as if their query were written there as
// a subquery; a CTE shadows a table or view of the same name, as in PostgreSQL.
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

// Gives the first columns of `plan` the names in `aliases` (AS t (a, b), WITH t (a, b)).
Status RenameColumns(LogicalOperator& plan, const std::vector<std::string>& aliases, const char* what,
                     const std::string& name) {
  if (aliases.size() > plan.output.size()) {
    return Status::BindError("{} \"{}\" has {} columns available but {} columns specified", what, name,
                             plan.output.size(), aliases.size());
  }
  for (size_t i = 0; i < aliases.size(); ++i) plan.output[i].name = aliases[i];
  return Status::OK();
}

Status CheckDistinctColumnNames(const Schema& schema) {
  for (size_t i = 0; i < schema.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (ToLower(schema[i].name) == ToLower(schema[j].name)) {
        return Status::BindError("column \"{}\" specified more than once", schema[i].name);
      }
    }
  }
  return Status::OK();
}

// The views being expanded, outermost first: a view met again is a cycle (a view replaced
// by one that reads it back); a chain without one may still not nest past a bound, as the
// binder recurses for each view.
constexpr size_t kMaxViewDepth = 200;
thread_local std::vector<std::string> views_being_bound;

Result<LogicalPtr> BindView(const ViewDefinition& view, const Catalog& catalog) {
  std::vector<std::string>& chain = views_being_bound;
  for (size_t i = 0; i < chain.size(); ++i) {
    if (ToLower(chain[i]) != ToLower(view.name)) continue;
    std::string path;
    for (size_t j = i; j < chain.size(); ++j) path += chain[j] + " -> ";
    return Status::BindError("view \"{}\" refers to itself ({}{})", view.name, path, view.name);
  }
  if (chain.size() >= kMaxViewDepth) {
    return Status::BindError("view \"{}\" is nested more than {} views deep; flatten the chain of views", chain.front(),
                             kMaxViewDepth);
  }
  chain.push_back(view.name);
  Result<LogicalPtr> bound = BindQuery(*view.query, catalog, nullptr);
  chain.pop_back();
  if (!bound.ok()) {
    const Status& s = bound.status();
    // Named once, by the innermost view that failed, not again by each view around it.
    if (s.message().starts_with("view \"")) return s;
    return Status(s.code(), fmt::format("view \"{}\" cannot be queried: {}", view.name, s.message()));
  }
  LogicalPtr plan = std::move(*bound);
  ORBIT_RETURN_IF_ERROR(RenameColumns(*plan, view.column_aliases, "view", view.name));
  // The view's columns were fixed when it was created; tables it reads may have changed since.
  bool same = plan->output.size() == view.columns.size();
  for (size_t i = 0; same && i < view.columns.size(); ++i) same = plan->output[i].type == view.columns[i].type;
  if (!same) {
    return Status::BindError(
        "view \"{}\" cannot be queried: the tables it reads changed its columns; recreate it with CREATE OR "
        "REPLACE VIEW",
        view.name);
  }
  return plan;
}

}  // namespace

Result<LogicalPtr> BindNamedQueryRef(const ast::TableRef& ref, const Catalog& catalog, const CteScope* ctes) {
  if (const CteScope* link = CteScope::Find(ctes, ref.name)) {
    ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(*link->cte->query, catalog, link->parent));
    ORBIT_RETURN_IF_ERROR(RenameColumns(*plan, link->cte->column_aliases, "WITH query", link->cte->name));
    return plan;
  }
  if (ViewPtr view = catalog.FindView(ref.name)) return BindView(*view, catalog);
  return LogicalPtr();
}

Result<BoundStatement> BindCreateView(const ast::CreateViewStatement& create, const Catalog& catalog) {
  if (catalog.HasTable(create.view)) {
    return Status::BindError("\"{}\" is a table; a view cannot have the name of a table", create.view);
  }
  if (!create.or_replace && catalog.FindView(create.view)) {
    return Status::BindError("view \"{}\" already exists", create.view);
  }
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(*create.query, catalog, nullptr));
  ORBIT_RETURN_IF_ERROR(RenameColumns(*plan, create.column_aliases, "view", create.view));
  ORBIT_RETURN_IF_ERROR(CheckDistinctColumnNames(plan->output));
  auto view = std::make_shared<ViewDefinition>();
  view->name = create.view;
  view->column_aliases = create.column_aliases;
  view->query = create.query;
  view->columns = plan->output;
  BoundStatement bound;
  bound.kind = StatementKind::kCreateView;
  bound.table_name = create.view;
  bound.or_replace = create.or_replace;
  bound.view = std::move(view);
  return bound;
}

}  // namespace orbit
