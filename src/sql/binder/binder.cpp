#include "sql/binder/binder.h"

#include <set>

#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"
#include "sql/parser/parser.h"

namespace orbit {

namespace {

// Rejects a schema that names a column twice (PostgreSQL: "specified more than once").
Status CheckDistinctNames(const Schema& schema) {
  std::set<std::string> seen;
  for (const auto& field : schema) {
    if (!seen.insert(ToLower(field.name)).second) {
      return Status::BindError("column \"{}\" specified more than once", field.name);
    }
  }
  return Status::OK();
}

class Binder {
 public:
  explicit Binder(const Catalog& catalog) : catalog_(catalog) {}

  Result<BoundStatement> Bind(const ast::Statement& statement) {
    return std::visit([this](const auto& node) { return BindNode(node); }, statement.node);
  }

 private:
  Result<BoundStatement> BindNode(const ast::SelectStatement& select) {
    BoundStatement bound;
    bound.kind = StatementKind::kSelect;
    ORBIT_ASSIGN_OR_RETURN(bound.plan, BindSelect(select, catalog_));
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::ExplainStatement& explain) {
    const auto& inner = explain.statement->node;
    if (!std::holds_alternative<ast::SelectStatement>(inner) &&
        !std::holds_alternative<ast::CreateTableAsStatement>(inner)) {
      return Status::NotSupported("EXPLAIN of statements other than SELECT and CREATE TABLE AS");
    }
    ORBIT_ASSIGN_OR_RETURN(BoundStatement explained, Bind(*explain.statement));
    BoundStatement bound;
    bound.kind = StatementKind::kExplain;
    bound.explain_analyze = explain.analyze;
    bound.explained = std::make_unique<BoundStatement>(std::move(explained));
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CreateTableStatement& create) {
    if (create.columns.empty()) return Status::NotSupported("tables without columns");
    if (create.if_not_exists && create.or_replace) {
      return Status::InvalidArgument("CREATE TABLE cannot have both OR REPLACE and IF NOT EXISTS");
    }
    BoundStatement bound;
    bound.kind = StatementKind::kCreateTable;
    bound.table_name = create.table;
    bound.if_not_exists = create.if_not_exists;
    bound.or_replace = create.or_replace;
    for (const auto& column : create.columns) {
      ORBIT_ASSIGN_OR_RETURN(DataType type, ResolveTypeName(column.type));
      bound.columns.push_back({column.name, type, column.not_null});
    }
    ORBIT_RETURN_IF_ERROR(CheckDistinctNames(bound.columns));
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CreateTableAsStatement& create) {
    if (create.if_not_exists && create.or_replace) {
      return Status::InvalidArgument("CREATE TABLE cannot have both OR REPLACE and IF NOT EXISTS");
    }
    BoundStatement bound;
    bound.kind = StatementKind::kCreateTableAs;
    bound.table_name = create.table;
    bound.if_not_exists = create.if_not_exists;
    bound.or_replace = create.or_replace;
    ORBIT_ASSIGN_OR_RETURN(bound.plan, BindSelect(create.query, catalog_));
    bound.columns = bound.plan->output;
    ORBIT_RETURN_IF_ERROR(CheckDistinctNames(bound.columns));
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CopyStatement& copy) { return BindCopy(copy, catalog_); }

  Result<BoundStatement> BindNode(const ast::InsertStatement& insert) { return BindInsert(insert, catalog_); }

  Result<BoundStatement> BindNode(const ast::DropTableStatement& drop) {
    // Checked here too, so that a typo gets the catalog's suggestion.
    BoundStatement bound;
    if (drop.is_view) {
      if (catalog_.FindTable(drop.table)) return Status::BindError("\"{}\" is not a view; use DROP TABLE", drop.table);
      if (!drop.if_exists && !catalog_.FindView(drop.table)) {
        return Status::BindError("view \"{}\" does not exist", drop.table);
      }
      bound.kind = StatementKind::kDropView;
      bound.table_name = drop.table;
      bound.if_exists = drop.if_exists;
      return bound;
    }
    if (catalog_.FindView(drop.table)) return Status::BindError("\"{}\" is not a table; use DROP VIEW", drop.table);
    if (!drop.if_exists) ORBIT_RETURN_IF_ERROR(catalog_.GetTable(drop.table).status());
    bound.kind = StatementKind::kDropTable;
    bound.table_name = drop.table;
    bound.if_exists = drop.if_exists;
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CreateViewStatement& create) { return BindCreateView(create, catalog_); }

  Result<BoundStatement> BindNode(const ast::SetStatement& set) {
    BoundStatement bound;
    bound.kind = StatementKind::kSet;
    bound.setting = set.name;
    bound.setting_value = set.value;
    bound.setting_to_default = set.to_default;
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::ShowStatement& show) {
    BoundStatement bound;
    bound.kind = StatementKind::kShow;
    bound.setting = show.name;
    return bound;
  }

  const Catalog& catalog_;
};

void SetStatementText(BoundStatement* bound, const std::string& sql) {
  bound->sql = sql;
  if (bound->explained) SetStatementText(bound->explained.get(), sql);
}

}  // namespace

Result<BoundStatement> BindStatement(const std::string& statement_sql, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(ast::Statement statement, ParseStatement(statement_sql));
  Binder binder(catalog);
  ORBIT_ASSIGN_OR_RETURN(BoundStatement bound, binder.Bind(statement));
  SetStatementText(&bound, statement_sql);
  return bound;
}

}  // namespace orbit
