// UPDATE and DELETE as queries over the target table that produce its next contents (tables
// are immutable snapshots; the session swaps the result in whole, so a failed statement
// changes nothing):
//   DELETE FROM t WHERE w           -> SELECT * FROM t WHERE NOT (w IS TRUE)
//   UPDATE t SET a = e WHERE w      -> SELECT CASE WHEN w IS TRUE THEN CAST(e AS <a's type>) ELSE a END, b, ... FROM t
// With USING / FROM the match is EXISTS (SELECT 1 FROM items WHERE w) and each new value the
// scalar subquery (SELECT e FROM items WHERE w): a row matched twice is an error, where
// PostgreSQL would pick one of the matches. Each value is computed only for matched rows,
// so `SET x = 1 / y WHERE y <> 0` cannot fail on the rows it leaves alone.
#include <set>

#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

ast::ExprPtr ColumnOf(const std::string& qualifier, const std::string& column) {
  auto e = ast::NewExpr(ast::ExprKind::kColumnRef);
  e->names = {qualifier, column};
  return e;
}

ast::ExprPtr IsTrue(ast::ExprPtr condition) {
  auto e = ast::NewExpr(ast::ExprKind::kConditional, {std::move(condition)});
  e->name = std::string(ast::kIsTrue);
  return e;
}

ast::ExprPtr Not(ast::ExprPtr e) { return ast::NewExpr(ast::ExprKind::kNot, {std::move(e)}); }

ast::ExprPtr Subquery(ast::SubqueryKind kind, ast::SelectStatement select) {
  auto e = ast::NewExpr(ast::ExprKind::kSubquery);
  e->subquery_kind = kind;
  e->subquery = std::make_shared<const ast::SelectStatement>(std::move(select));
  return e;
}

ast::SelectStatement SelectFrom(std::vector<ast::ExprPtr> targets, std::optional<ast::TableRef> from,
                                ast::ExprPtr where) {
  ast::SelectStatement select;
  for (auto& t : targets) select.targets.push_back({std::move(t), ""});
  select.from = std::move(from);
  select.where = std::move(where);
  return select;
}

ast::ExprPtr One() {
  auto e = ast::NewExpr(ast::ExprKind::kConstant);
  e->constant.kind = ast::ConstantKind::kInteger;
  e->constant.integer = 1;
  return e;
}

// The table UPDATE or DELETE changes (not a view, which has no rows of its own).
Result<TablePtr> TargetTable(const ast::TableRef& target, const Catalog& catalog, const char* statement) {
  const std::string key = catalog.Resolve(target.name);
  if (catalog.FindView(key)) {
    return Status::NotSupported("{} of view \"{}\" (views have no rows of their own)", statement, target.name);
  }
  return catalog.GetTable(key);
}

// What qualifies the target's columns: its alias, else its name without the schema.
std::string Qualifier(const ast::TableRef& target) {
  return target.alias.empty() ? NameOfKey(target.name) : target.alias;
}

// Bare column names in `e` (and its subqueries' conditions), to check against both sides.
void CollectBareNames(const ast::ExprPtr& e, std::set<std::string>* names) {
  if (!e) return;
  if (e->kind == ast::ExprKind::kColumnRef && e->names.size() == 1) names->insert(ToLower(e->names[0]));
  for (const auto& child : e->children) CollectBareNames(child, names);
}

// With FROM / USING, a bare name that both the target and the other items have is
// ambiguous, as in PostgreSQL: the rewrite would otherwise read the other items' column.
Status CheckAmbiguousNames(const Table& target, const ast::TableRef& items, const std::vector<ast::ExprPtr>& exprs,
                           const Catalog& catalog) {
  std::set<std::string> bare;
  for (const auto& e : exprs) CollectBareNames(e, &bare);
  if (bare.empty()) return Status::OK();
  auto star = ast::NewExpr(ast::ExprKind::kStar);
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr other, BindSelect(SelectFrom({star}, items, nullptr), catalog));
  std::set<std::string> target_columns;
  for (const Field& f : target.schema()) target_columns.insert(ToLower(f.name));
  for (const Field& f : other->output) {
    const std::string name = ToLower(f.name);
    if (bare.count(name) && target_columns.count(name)) {
      return Status::BindError("column reference \"{}\" is ambiguous", f.name);
    }
  }
  return Status::OK();
}

// `e` with each column of the FROM items (a qualified name other than the target's, or a
// bare name the target lacks) read through (SELECT col FROM items WHERE where).
ast::ExprPtr ReadFromItems(const ast::ExprPtr& e, const std::string& target_qualifier, const Table& target,
                           const ast::TableRef& items, const ast::ExprPtr& where) {
  if (e->kind == ast::ExprKind::kColumnRef) {
    bool target_column = false;
    if (e->names.size() == 2) {
      target_column = ToLower(e->names[0]) == ToLower(target_qualifier);
    } else {
      for (const Field& f : target.schema()) target_column |= ToLower(f.name) == ToLower(e->names[0]);
    }
    return target_column ? e : Subquery(ast::SubqueryKind::kScalar, SelectFrom({e}, items, where));
  }
  if (e->kind == ast::ExprKind::kSubquery && e->children.empty()) return e;  // its own scope
  auto copy = std::make_shared<ast::Expr>(*e);
  for (auto& child : copy->children) child = ReadFromItems(child, target_qualifier, target, items, where);
  return copy;
}

// Which rows the statement changes: null for every row.
ast::ExprPtr MatchCondition(const std::optional<ast::TableRef>& items, const ast::ExprPtr& where) {
  if (items) return Subquery(ast::SubqueryKind::kExists, SelectFrom({One()}, items, where));
  return where ? IsTrue(where) : nullptr;
}

}  // namespace

Result<BoundStatement> BindDelete(const ast::DeleteStatement& del, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, TargetTable(del.target, catalog, "DELETE"));
  if (del.using_items) ORBIT_RETURN_IF_ERROR(CheckAmbiguousNames(*table, *del.using_items, {del.where}, catalog));
  ast::ExprPtr match = MatchCondition(del.using_items, del.where);
  ast::ExprPtr keep;
  if (match) {
    keep = Not(match);
  } else {
    auto none = ast::NewExpr(ast::ExprKind::kConstant);
    none->constant.kind = ast::ConstantKind::kBoolean;  // false: no row is kept
    keep = none;
  }
  auto star = ast::NewExpr(ast::ExprKind::kStar);
  star->names = {Qualifier(del.target)};
  BoundStatement bound;
  bound.kind = StatementKind::kDelete;
  bound.table_name = table->name();
  ORBIT_ASSIGN_OR_RETURN(bound.plan, BindSelect(SelectFrom({star}, del.target, keep), catalog));
  if (!del.returning.empty()) {
    ORBIT_RETURN_IF_ERROR(BindReturning(del.returning, del.target, catalog, &bound));
    ORBIT_ASSIGN_OR_RETURN(bound.returning_rows, BindSelect(SelectFrom({star}, del.target, match), catalog));
  }
  return bound;
}

Result<BoundStatement> BindUpdate(const ast::UpdateStatement& statement, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, TargetTable(statement.target, catalog, "UPDATE"));
  // SET col = DEFAULT: the column's default expression, else NULL.
  ast::UpdateStatement update = statement;
  const ColumnDefaults defaults = catalog.Constraints(table->name()).defaults;
  for (auto& assignment : update.assignments) {
    if (assignment.value->kind != ast::ExprKind::kDefault) continue;
    auto it = defaults.find(ToLower(assignment.column));
    if (it != defaults.end()) {
      assignment.value = it->second.expr;
    } else {
      auto null = ast::NewExpr(ast::ExprKind::kConstant);
      null->constant.kind = ast::ConstantKind::kNull;
      assignment.value = null;
    }
  }
  const Schema& schema = table->schema();
  const std::string qualifier = Qualifier(update.target);
  std::vector<int> assigned(schema.size(), -1);  // column -> its assignment
  std::vector<std::string> names;
  for (const auto& f : schema) names.push_back(f.name);
  for (size_t k = 0; k < update.assignments.size(); ++k) {
    const auto& assignment = update.assignments[k];
    int found = -1;
    for (size_t i = 0; i < schema.size(); ++i) {
      if (ToLower(schema[i].name) == ToLower(assignment.column)) found = static_cast<int>(i);
    }
    if (found < 0) {
      std::string suggestion = ClosestMatch(assignment.column, names);
      std::string hint = suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?";
      return Status::BindError("column \"{}\" of relation \"{}\" does not exist{}", assignment.column, table->name(),
                               hint);
    }
    if (assigned[found] >= 0) return Status::BindError("multiple assignments to same column \"{}\"", assignment.column);
    // The values are computed by a SELECT over the table, which would run a window call.
    if (ContainsWindow(*assignment.value)) {
      return Status::BindError("window functions are not allowed in UPDATE: {}", assignment.value->ToString());
    }
    if (ContainsSetReturningCall(*assignment.value)) {  // it would make rows of the table
      return Status::BindError("set-returning functions are not allowed in UPDATE: {}", assignment.value->ToString());
    }
    assigned[found] = static_cast<int>(k);
  }
  if (update.from) {
    std::vector<ast::ExprPtr> exprs;  // the new values and the condition: their bare names
    for (const auto& assignment : update.assignments) exprs.push_back(assignment.value);
    exprs.push_back(update.where);
    ORBIT_RETURN_IF_ERROR(CheckAmbiguousNames(*table, *update.from, exprs, catalog));
  }

  // Each new value as the query computes it, bound once alone to check that it can be
  // assigned to its column (as INSERT checks; a quoted literal is read as the column's type).
  std::vector<ast::ExprPtr> values;
  for (const auto& assignment : update.assignments) {
    values.push_back(update.from ? ReadFromItems(assignment.value, qualifier, *table, *update.from, update.where)
                                 : assignment.value);
  }
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr typed, BindSelect(SelectFrom(values, update.target, nullptr), catalog));
  for (size_t i = 0; i < schema.size(); ++i) {
    if (assigned[i] < 0) continue;
    const ast::Expr& value = *update.assignments[assigned[i]].value;
    const DataType& from = typed->output[assigned[i]].type;
    const bool null_literal = value.kind == ast::ExprKind::kConstant && value.constant.kind == ast::ConstantKind::kNull;
    if (!value.IsStringLiteral() && !null_literal && !CanAssign(from, schema[i].type)) {
      return Status::TypeError("column \"{}\" is of type {} but expression {} is of type {}", schema[i].name,
                               schema[i].type.ToString(), value.ToString(), from.ToString());
    }
  }

  ast::ExprPtr match = MatchCondition(update.from, update.where);
  std::vector<ast::ExprPtr> columns;
  std::vector<ast::ExprPtr> new_values(schema.size());  // of the assigned columns
  for (size_t i = 0; i < schema.size(); ++i) {
    ast::ExprPtr column = ColumnOf(qualifier, schema[i].name);
    if (assigned[i] < 0) {
      columns.push_back(std::move(column));
      continue;
    }
    auto cast = ast::NewExpr(ast::ExprKind::kCast, {values[assigned[i]]});
    cast->type = ast::TypeNameOf(schema[i].type);
    cast->location = update.assignments[assigned[i]].location;
    new_values[i] = cast;
    columns.push_back(match ? ast::NewExpr(ast::ExprKind::kCase, {match, cast, column}) : cast);
  }
  BoundStatement bound;
  bound.kind = StatementKind::kUpdate;
  bound.table_name = table->name();
  if (!update.returning.empty()) {
    // The changed rows' new values, named as the table's columns.
    ORBIT_RETURN_IF_ERROR(BindReturning(update.returning, update.target, catalog, &bound));
    ast::SelectStatement changed = SelectFrom(columns, update.target, match);
    for (size_t i = 0; i < schema.size(); ++i) changed.targets[i].alias = schema[i].name;
    ORBIT_ASSIGN_OR_RETURN(bound.returning_rows, BindSelect(changed, catalog));
  }
  ORBIT_ASSIGN_OR_RETURN(bound.plan, BindSelect(SelectFrom(columns, update.target, nullptr), catalog));
  if (!update.from) {
    // The in-place form (main/update_in_place.h): the match, then the assigned columns' new
    // values, which it computes on the matched rows alone.
    auto every_row = ast::NewExpr(ast::ExprKind::kConstant);
    every_row->constant.kind = ast::ConstantKind::kBoolean;
    every_row->constant.boolean = true;
    std::vector<ast::ExprPtr> in_place{match ? match : ast::ExprPtr(every_row)};
    for (size_t i = 0; i < schema.size(); ++i) {
      if (assigned[i] < 0) continue;
      in_place.push_back(new_values[i]);
      bound.updated_columns.push_back(static_cast<int>(i));
    }
    ORBIT_ASSIGN_OR_RETURN(bound.update_values, BindSelect(SelectFrom(in_place, update.target, nullptr), catalog));
  }
  if (match) {
    auto count = ast::NewExpr(ast::ExprKind::kFunction);
    count->name = "count";
    count->star = true;
    ORBIT_ASSIGN_OR_RETURN(bound.count_plan, BindSelect(SelectFrom({count}, update.target, match), catalog));
  }
  return bound;
}

}  // namespace orbit
