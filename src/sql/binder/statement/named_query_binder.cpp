// FROM items that name a query rather than a table: a common table expression (WITH) or a
// view. Both are bound again at each reference, as if their query were written there as
// a subquery; a CTE shadows a table or view of the same name, as in PostgreSQL. A CTE AS
// MATERIALIZED and a recursive one are run once instead, and every reference reads that
// result (exec/pipeline/subplan_source.h).
#include "sql/binder/statement/statement_binders.h"

#include <algorithm>

#include "exec/pipeline/subplan_source.h"

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

LogicalPtr ScanOfTable(TablePtr table, const Schema& columns) {
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  get->output = columns;
  for (size_t i = 0; i < columns.size(); ++i) get->column_ids.push_back(static_cast<int>(i));
  get->table = std::move(table);
  return get;
}

LogicalPtr ScanOfSource(TableSourcePtr source) {
  auto scan = std::make_unique<LogicalOperator>(LogicalKind::kTableFunctionScan);
  scan->output = source->schema();
  for (size_t i = 0; i < scan->output.size(); ++i) scan->column_ids.push_back(static_cast<int>(i));
  scan->source = std::move(source);
  return scan;
}

Result<LogicalPtr> BindCteQuery(const CteScope& link, const ast::SelectStatement& query, const Catalog& catalog,
                                const CteScope* scope) {
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(query, catalog, scope));
  ORBIT_RETURN_IF_ERROR(RenameColumns(*plan, link.cte->column_aliases, "WITH query", link.cte->name));
  return plan;
}

// Whether `plan` scans `table`.
bool Scans(const LogicalOperator& plan, const TablePtr& table) {
  if (plan.kind == LogicalKind::kGet && plan.table == table) return true;
  return std::any_of(plan.children.begin(), plan.children.end(),
                     [&](const LogicalPtr& child) { return Scans(*child, table); });
}

// An aggregate or window over the working table would see one round's rows, not the
// query's (PostgreSQL refuses it too).
bool AggregatesWorkingTable(const LogicalOperator& plan, const TablePtr& working) {
  if ((plan.kind == LogicalKind::kAggregate || plan.kind == LogicalKind::kWindow) && Scans(plan, working)) return true;
  return std::any_of(plan.children.begin(), plan.children.end(),
                     [&](const LogicalPtr& child) { return AggregatesWorkingTable(*child, working); });
}

// A NULL the step's select list writes bare takes the anchor's column type, as PostgreSQL
// resolves an untyped NULL there.
void TypeBareNulls(LogicalOperator& step, const Schema& anchor) {
  if (step.kind != LogicalKind::kProjection) return;
  for (size_t i = 0; i < anchor.size() && i < step.expressions.size(); ++i) {
    ExprPtr& e = step.expressions[i];
    if (e->kind != ExprKind::kConstant || !e->constant.is_null || e->type == anchor[i].type) continue;
    e = Expr::Cast(e, anchor[i].type);
    step.output[i].type = anchor[i].type;
  }
}

// WITH RECURSIVE name AS (anchor UNION [ALL] step) whose step reads `name`: its source, or
// null when the step does not (then it is an ordinary CTE).
Result<TableSourcePtr> BindRecursiveCte(const CteScope& link, const Catalog& catalog) {
  const ast::SelectStatement& query = *link.cte->query;
  const std::string& name = link.cte->name;
  if (query.set_operation != ast::SetOperation::kUnion) return TableSourcePtr();
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr anchor, BindCteQuery(link, *query.set_left, catalog, link.parent));
  // The step, bound once here, reads the working table where it names the query.
  CteScope self;
  self.cte = link.cte;
  self.parent = link.parent;
  self.working_table = std::make_shared<Table>(name, anchor->output);
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr step, BindQuery(*query.set_right, catalog, &self));
  if (self.working_references == 0) return TableSourcePtr();
  if (self.working_references > 1) {
    return Status::BindError("recursive reference to query \"{}\" must not appear more than once", name);
  }
  if (!query.order_by.empty() || query.limit || query.offset) {
    return Status::NotSupported("ORDER BY, LIMIT or OFFSET in a recursive query (\"{}\"): put them outside it", name);
  }
  if (AggregatesWorkingTable(*step, self.working_table)) {
    return Status::BindError("aggregate functions are not allowed in a recursive query's recursive term (\"{}\")",
                             name);
  }
  if (step->output.size() != anchor->output.size()) {
    return Status::BindError("each UNION query of recursive query \"{}\" must have the same number of columns", name);
  }
  TypeBareNulls(*step, anchor->output);
  for (size_t i = 0; i < anchor->output.size(); ++i) {
    const DataType& want = anchor->output[i].type;
    const DataType& got = step->output[i].type;
    if (got == want) continue;
    return Status::BindError(
        "recursive query \"{}\" column {} has type {} in non-recursive term but type {} overall; cast the "
        "non-recursive term to the correct type",
        name, i + 1, want.ToString(), got.ToString());
  }
  return TableSourcePtr(std::make_shared<RecursiveCteSource>(fmt::format("WITH RECURSIVE {}", name), query.set_all,
                                                             std::move(anchor), std::move(step), self.working_table));
}

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
    if (link->working_table) {
      ++link->working_references;
      return ScanOfTable(link->working_table, link->working_table->schema());
    }
    if (link->shared_result) return ScanOfSource(link->shared_result);
    if (link->cte->recursive) {
      ORBIT_ASSIGN_OR_RETURN(link->shared_result, BindRecursiveCte(*link, catalog));
      if (link->shared_result) return ScanOfSource(link->shared_result);
    }
    ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindCteQuery(*link, *link->cte->query, catalog, link->parent));
    if (link->cte->materialized) {
      link->shared_result =
          std::make_shared<SubplanSource>(fmt::format("WITH {} AS MATERIALIZED", link->cte->name), std::move(plan));
      return ScanOfSource(link->shared_result);
    }
    return plan;
  }
  if (ViewPtr view = catalog.FindView(catalog.Resolve(ref.name))) return BindView(*view, catalog);
  return LogicalPtr();
}

Result<BoundStatement> BindCreateView(const ast::CreateViewStatement& create, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(const std::string key, catalog.CreationKey(create.view));
  if (catalog.HasTable(key)) {
    return Status::BindError("\"{}\" is a table; a view cannot have the name of a table", create.view);
  }
  if (!create.or_replace && catalog.FindView(key)) {
    return Status::BindError("view \"{}\" already exists", create.view);
  }
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(*create.query, catalog, nullptr));
  ORBIT_RETURN_IF_ERROR(RenameColumns(*plan, create.column_aliases, "view", create.view));
  ORBIT_RETURN_IF_ERROR(CheckDistinctColumnNames(plan->output));
  auto view = std::make_shared<ViewDefinition>();
  view->name = key;
  view->column_aliases = create.column_aliases;
  view->query = create.query;
  view->columns = plan->output;
  BoundStatement bound;
  bound.kind = StatementKind::kCreateView;
  bound.table_name = key;
  bound.or_replace = create.or_replace;
  bound.view = std::move(view);
  return bound;
}

}  // namespace orbit
