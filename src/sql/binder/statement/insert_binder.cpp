// INSERT INTO t [(columns)] VALUES (...), ...: every value is a constant, cast at bind time
// to its column's type; columns left out (and DEFAULT) get their DEFAULT, bound again at each
// INSERT, else NULL. INSERT INTO t [(columns)] SELECT ...:
// the query's columns, cast by the same assignment rules, in a plan that produces every
// column of the table.
#include <algorithm>

#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

// The DEFAULT keyword: a column left out of an INSERT gets what it would.
const ast::Expr& DefaultMarker() {
  static const ast::Expr marker = [] {
    ast::Expr e;
    e.kind = ast::ExprKind::kDefault;
    return e;
  }();
  return marker;
}

// Positions in the table of the columns the VALUES rows fill, in the rows' order.
Result<std::vector<int>> TargetColumns(const ast::InsertStatement& insert, const Table& table) {
  std::vector<int> targets;
  if (insert.columns.empty()) {
    for (int i = 0; i < table.num_columns(); ++i) targets.push_back(i);
    return targets;
  }
  std::vector<std::string> names;
  for (const auto& f : table.schema()) names.push_back(f.name);
  for (const auto& column : insert.columns) {
    int found = -1;
    for (size_t i = 0; i < names.size(); ++i) {
      if (ToLower(names[i]) == ToLower(column)) found = static_cast<int>(i);
    }
    if (found < 0) {
      std::string suggestion = ClosestMatch(column, names);
      std::string hint = suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?";
      return Status::BindError("column \"{}\" of table \"{}\" does not exist{}", column, table.name(), hint);
    }
    if (std::find(targets.begin(), targets.end(), found) != targets.end()) {
      return Status::BindError("column \"{}\" specified more than once", column);
    }
    targets.push_back(found);
  }
  return targets;
}

bool SameColumns(std::vector<std::string> a, std::vector<std::string> b) {
  for (auto& c : a) c = ToLower(c);
  for (auto& c : b) c = ToLower(c);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// ON CONFLICT's target: the key named (by its columns, in any order, or ON CONSTRAINT), or
// with DO NOTHING and no target every key of the table.
Status BindOnConflict(const ast::OnConflict& clause, const Table& table, const Catalog& catalog,
                      BoundStatement* bound) {
  const UniqueKeys keys = catalog.Constraints(table.name()).keys;
  bound->on_conflict = std::make_shared<const ast::OnConflict>(clause);
  if (!clause.constraint.empty()) {
    for (const UniqueKey& key : keys) {
      if (ToLower(key.name) == ToLower(clause.constraint)) bound->conflict_keys.push_back(key);
    }
    if (bound->conflict_keys.empty()) {
      return Status::BindError("constraint \"{}\" for table \"{}\" does not exist", clause.constraint, table.name());
    }
    return Status::OK();
  }
  if (clause.columns.empty()) {
    if (clause.update) {
      return Status::BindError("ON CONFLICT DO UPDATE requires inference specification or constraint name");
    }
    bound->conflict_keys = keys;
    return Status::OK();
  }
  for (const UniqueKey& key : keys) {
    if (SameColumns(key.columns, clause.columns)) {
      bound->conflict_keys.push_back(key);
      return Status::OK();
    }
  }
  return Status::BindError("there is no unique or exclusion constraint matching the ON CONFLICT specification");
}

// INSERT's RETURNING (over the inserted rows, named as the table) and ON CONFLICT.
Status BindInsertClauses(const ast::InsertStatement& insert, const Table& table, const Catalog& catalog,
                         BoundStatement* bound) {
  if (insert.on_conflict) {
    if (insert.on_conflict->update && !insert.returning.empty()) {
      return Status::NotSupported("RETURNING with ON CONFLICT DO UPDATE");
    }
    ORBIT_RETURN_IF_ERROR(BindOnConflict(*insert.on_conflict, table, catalog, bound));
  }
  if (insert.returning.empty()) return Status::OK();
  ast::TableRef target;
  target.name = table.name();
  return BindReturning(insert.returning, target, catalog, bound);
}

}  // namespace

Result<Value> BindColumnValue(const ast::Expr& item, const Field& column, const ColumnDefaults& defaults) {
  if (item.kind == ast::ExprKind::kDefault) {
    auto it = defaults.find(ToLower(column.name));
    if (it == defaults.end()) return Value::Null(column.type);
    return BindColumnValue(*it->second.expr, column, {});
  }
  ExpressionBinder binder(nullptr, "VALUES");
  ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(item));
  if (!IsConstant(bound)) return Status::NotSupported("non-constant expressions in VALUES: {}", item.ToString());
  // A string literal is parsed as the column's type; other values need an assignment cast.
  if (!item.IsStringLiteral() && !CanAssign(bound->type, column.type)) {
    return Status::TypeError("column \"{}\" is of type {} but expression {} is of type {}", column.name,
                             column.type.ToString(), item.ToString(), bound->type.ToString());
  }
  return CastValue(bound->constant, column.type);
}

namespace {

// Whether output column i of `plan` is a bare NULL literal (typed VARCHAR by the select
// binder): it fits a column of any type.
bool IsNullLiteralColumn(const LogicalOperator& plan, size_t i) {
  if (plan.kind != LogicalKind::kProjection || i >= plan.expressions.size()) return false;
  const Expr& e = *plan.expressions[i];
  return e.kind == ExprKind::kConstant && e.constant.is_null;
}

Result<BoundStatement> BindInsertSelect(const ast::InsertStatement& insert, const Table& table,
                                        const std::vector<int>& targets, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr query, BindSelect(*insert.query, catalog));
  const Schema& schema = table.schema();
  if (query->output.size() > targets.size())
    return Status::BindError("INSERT has more expressions than target columns");
  if (query->output.size() < targets.size())
    return Status::BindError("INSERT has more target columns than expressions");
  std::vector<ExprPtr> columns;
  const ColumnDefaults defaults = catalog.Constraints(table.name()).defaults;
  for (const auto& field : schema) {
    ORBIT_ASSIGN_OR_RETURN(Value value, BindColumnValue(DefaultMarker(), field, defaults));
    columns.push_back(Expr::Constant(std::move(value)));
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    const Field& column = schema[targets[i]];
    const Field& source = query->output[i];
    if (IsNullLiteralColumn(*query, i)) continue;
    if (!CanAssign(source.type, column.type)) {
      return Status::TypeError("column \"{}\" is of type {} but expression \"{}\" is of type {}", column.name,
                               column.type.ToString(), source.name, source.type.ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(columns[targets[i]],
                           CastExpr(Expr::ColumnRef(static_cast<int>(i), source.type, source.name), column.type));
  }
  auto plan = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  plan->output = schema;
  plan->expressions = std::move(columns);
  plan->children.push_back(std::move(query));
  BoundStatement bound;
  bound.kind = StatementKind::kInsertSelect;
  bound.table_name = table.name();
  bound.plan = std::move(plan);
  ORBIT_RETURN_IF_ERROR(BindInsertClauses(insert, table, catalog, &bound));
  return bound;
}

}  // namespace

Result<BoundStatement> BindInsert(const ast::InsertStatement& insert, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog.GetTable(catalog.Resolve(insert.table)));
  ORBIT_ASSIGN_OR_RETURN(std::vector<int> targets, TargetColumns(insert, *table));
  if (insert.query) return BindInsertSelect(insert, *table, targets, catalog);
  const Schema& schema = table->schema();
  const ColumnDefaults defaults = catalog.Constraints(table->name()).defaults;
  BoundStatement bound;
  bound.kind = StatementKind::kInsertValues;
  bound.table_name = table->name();
  for (size_t r = 0; r < insert.rows.size(); ++r) {
    const auto& items = insert.rows[r];
    if (items.size() > targets.size()) return Status::BindError("INSERT has more expressions than target columns");
    if (items.size() < targets.size()) return Status::BindError("INSERT has more target columns than expressions");
    std::vector<Value> row;
    for (const auto& field : schema) {
      ORBIT_ASSIGN_OR_RETURN(Value value, BindColumnValue(DefaultMarker(), field, defaults));
      row.push_back(std::move(value));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const Field& column = schema[targets[i]];
      Result<Value> value = BindColumnValue(*items[i], column, defaults);
      if (!value.ok()) {
        const Status& s = value.status();
        return Status(s.code(), fmt::format("{} (row {}, column \"{}\")", s.message(), r + 1, column.name));
      }
      row[targets[i]] = std::move(*value);
    }
    bound.rows.push_back(std::move(row));
  }
  ORBIT_RETURN_IF_ERROR(BindInsertClauses(insert, *table, catalog, &bound));
  return bound;
}

}  // namespace orbit
