#include "sql/binder/binder.h"

#include <algorithm>
#include <concepts>
#include <set>

#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/session_functions.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"
#include "sql/catalog/search_path.h"
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

TableAlteration::Kind AlterationKind(ast::AlterAction::Kind kind) {
  switch (kind) {
    case ast::AlterAction::Kind::kAddColumn: return TableAlteration::Kind::kAddColumn;
    case ast::AlterAction::Kind::kDropColumn: return TableAlteration::Kind::kDropColumn;
    case ast::AlterAction::Kind::kRenameColumn: return TableAlteration::Kind::kRenameColumn;
    case ast::AlterAction::Kind::kRenameTable: return TableAlteration::Kind::kRenameTable;
    case ast::AlterAction::Kind::kAddCheck: return TableAlteration::Kind::kAddCheck;
    case ast::AlterAction::Kind::kDropConstraint: return TableAlteration::Kind::kDropConstraint;
    case ast::AlterAction::Kind::kSetSchema: return TableAlteration::Kind::kSetSchema;
  }
  return TableAlteration::Kind::kAddColumn;
}

// The table's PRIMARY KEY and UNIQUE constraints, written on columns or on the table, named
// as PostgreSQL names them (t_pkey, t_a_b_key); a primary key's columns become NOT NULL.
Result<UniqueKeys> BindKeys(const ast::CreateTableStatement& create, Schema* columns) {
  const std::string table = NameOfKey(create.table);
  std::vector<ast::KeyDefinition> definitions;
  for (const auto& column : create.columns) {
    if (column.primary_key) definitions.push_back({"", {column.name}, true, column.location});
    if (column.unique) definitions.push_back({"", {column.name}, false, column.location});
  }
  definitions.insert(definitions.end(), create.keys.begin(), create.keys.end());
  UniqueKeys keys;
  bool have_primary = false;
  for (const auto& definition : definitions) {
    const char* what = definition.primary ? "primary key" : "unique";
    if (definition.primary && have_primary) {
      return Status::BindError("multiple primary keys for table \"{}\" are not allowed", table);
    }
    have_primary = have_primary || definition.primary;
    UniqueKey key;
    key.primary = definition.primary;
    std::set<std::string> seen;
    for (const std::string& name : definition.columns) {
      Field* field = nullptr;
      for (Field& f : *columns) {
        if (ToLower(f.name) == ToLower(name)) field = &f;
      }
      if (!field) return Status::BindError("column \"{}\" named in key does not exist", name);
      if (!seen.insert(ToLower(name)).second) {
        return Status::BindError("column \"{}\" appears twice in {} constraint", name, what);
      }
      if (definition.primary) field->not_null = true;
      key.columns.push_back(field->name);
    }
    key.name = definition.name;
    if (key.name.empty()) {
      key.name = table + (definition.primary ? "_pkey" : "_" + fmt::format("{}", fmt::join(key.columns, "_")) + "_key");
    }
    keys.push_back(std::move(key));
  }
  return keys;
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
    ORBIT_ASSIGN_OR_RETURN(bound.table_name, catalog_.CreationKey(create.table));
    bound.if_not_exists = create.if_not_exists;
    bound.or_replace = create.or_replace;
    for (const auto& column : create.columns) {
      ORBIT_ASSIGN_OR_RETURN(DataType type, ResolveTypeName(column.type));
      bound.columns.push_back({column.name, type, column.not_null});
      if (!column.default_value) continue;
      // Checked now (a constant expression its column can take); bound again at each INSERT.
      Result<Value> value = BindColumnValue(*column.default_value, bound.columns.back(), {});
      if (!value.ok()) {
        return Status(value.status().code(),
                      fmt::format("{} (DEFAULT of column \"{}\")", value.status().message(), column.name));
      }
      bound.constraints.defaults[ToLower(column.name)] = ColumnDefault{column.default_value, column.default_sql};
    }
    ORBIT_RETURN_IF_ERROR(CheckDistinctNames(bound.columns));
    ORBIT_ASSIGN_OR_RETURN(bound.constraints.keys, BindKeys(create, &bound.columns));
    // Column CHECKs, then the table's, as PostgreSQL names them.
    std::vector<std::string> taken;
    for (const UniqueKey& key : bound.constraints.keys) taken.push_back(key.name);
    std::vector<const ast::CheckDefinition*> checks;
    for (const auto& column : create.columns) {
      for (const auto& check : column.checks) checks.push_back(&check);
    }
    for (const auto& check : create.checks) checks.push_back(&check);
    for (const ast::CheckDefinition* definition : checks) {
      ORBIT_ASSIGN_OR_RETURN(CheckConstraint check, BindCheck(*definition, bound.table_name, bound.columns, taken));
      taken.push_back(check.name);
      bound.constraints.checks.push_back(std::move(check));
    }
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CreateTableAsStatement& create) {
    if (create.if_not_exists && create.or_replace) {
      return Status::InvalidArgument("CREATE TABLE cannot have both OR REPLACE and IF NOT EXISTS");
    }
    BoundStatement bound;
    bound.kind = StatementKind::kCreateTableAs;
    ORBIT_ASSIGN_OR_RETURN(bound.table_name, catalog_.CreationKey(create.table));
    bound.if_not_exists = create.if_not_exists;
    bound.or_replace = create.or_replace;
    ORBIT_ASSIGN_OR_RETURN(bound.plan, BindSelect(create.query, catalog_));
    bound.columns = bound.plan->output;
    ORBIT_RETURN_IF_ERROR(CheckDistinctNames(bound.columns));
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::CopyStatement& copy) { return BindCopy(copy, catalog_); }

  Result<BoundStatement> BindNode(const ast::InsertStatement& insert) { return BindInsert(insert, catalog_); }
  Result<BoundStatement> BindNode(const ast::UpdateStatement& update) { return BindUpdate(update, catalog_); }
  Result<BoundStatement> BindNode(const ast::DeleteStatement& del) { return BindDelete(del, catalog_); }

  Result<BoundStatement> BindNode(const ast::AlterTableStatement& alter) {
    const std::string key = catalog_.Resolve(alter.table);
    if (catalog_.FindView(key)) return Status::NotSupported("ALTER TABLE of view \"{}\"", alter.table);
    if (!alter.if_exists) ORBIT_RETURN_IF_ERROR(catalog_.GetTable(key).status());
    BoundStatement bound;
    bound.kind = StatementKind::kAlterTable;
    bound.table_name = key;
    bound.if_exists = alter.if_exists;
    std::vector<std::string> taken;  // the table's constraint names, for a new CHECK's
    const TableConstraints existing = catalog_.Constraints(key);
    for (const UniqueKey& key : existing.keys) taken.push_back(key.name);
    for (const CheckConstraint& check : existing.checks) taken.push_back(check.name);
    for (const ast::AlterAction& action : alter.actions) {
      TableAlteration alteration;
      alteration.kind = AlterationKind(action.kind);
      alteration.name = action.name;
      alteration.new_name = action.new_name;
      alteration.missing_ok = action.missing_ok;
      if (action.kind == ast::AlterAction::Kind::kSetSchema) {
        ORBIT_RETURN_IF_ERROR(CheckTargetSchema(action.new_name));
        alteration.new_name = ToLower(action.new_name);
      }
      if (action.kind == ast::AlterAction::Kind::kAddColumn) {
        if (action.column.default_value) return Status::NotSupported("ALTER TABLE ADD COLUMN ... DEFAULT");
        if (action.column.primary_key || action.column.unique || !action.column.checks.empty()) {
          return Status::NotSupported("ALTER TABLE ADD COLUMN ... PRIMARY KEY, UNIQUE or CHECK");
        }
        ORBIT_ASSIGN_OR_RETURN(DataType type, ResolveTypeName(action.column.type));
        alteration.column = {action.column.name, type, action.column.not_null};
      }
      if (action.kind == ast::AlterAction::Kind::kAddCheck) {
        // Bound over the table's columns as they are before this statement.
        ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog_.GetTable(key));
        if (!action.check.name.empty() && std::any_of(taken.begin(), taken.end(), [&](const std::string& name) {
              return ToLower(name) == ToLower(action.check.name);
            })) {
          return Status::BindError("constraint \"{}\" for relation \"{}\" already exists", action.check.name,
                                   table->name());
        }
        ORBIT_ASSIGN_OR_RETURN(alteration.check, BindCheck(action.check, table->name(), table->schema(), taken));
        taken.push_back(alteration.check.name);
      }
      bound.alterations.push_back(std::move(alteration));
    }
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::TruncateStatement& truncate) {
    BoundStatement bound;
    bound.kind = StatementKind::kTruncate;
    for (const std::string& name : truncate.tables) {
      const std::string key = catalog_.Resolve(name);
      if (catalog_.FindView(key)) return Status::NotSupported("TRUNCATE of view \"{}\"", name);
      ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog_.GetTable(key));
      bound.table_names.push_back(table->name());
    }
    return bound;
  }

  Result<BoundStatement> BindNode(const ast::DropTableStatement& drop) {
    // Checked here too, so that a typo gets the catalog's suggestion.
    BoundStatement bound;
    const std::string key = catalog_.Resolve(drop.table);
    if (drop.is_view) {
      if (catalog_.HasTable(key)) return Status::BindError("\"{}\" is not a view; use DROP TABLE", drop.table);
      if (!drop.if_exists && !catalog_.FindView(key)) {
        return Status::BindError("view \"{}\" does not exist", drop.table);
      }
      bound.kind = StatementKind::kDropView;
      bound.table_name = key;
      bound.if_exists = drop.if_exists;
      return bound;
    }
    if (catalog_.FindView(key)) return Status::BindError("\"{}\" is not a table; use DROP VIEW", drop.table);
    if (!drop.if_exists) ORBIT_RETURN_IF_ERROR(catalog_.GetTable(key).status());
    bound.kind = StatementKind::kDropTable;
    bound.table_name = key;
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

  template <typename Node>
  requires std::same_as<Node, ast::PrepareStatement> || std::same_as<Node, ast::ExecuteStatement> ||
      std::same_as<Node, ast::DeallocateStatement>
          Result<BoundStatement> BindNode(const Node&) {
    return Status::NotSupported("PREPARE, EXECUTE and DEALLOCATE inside another statement");
  }

  // The session runs these (main/transaction.h); PREPARE and EXPLAIN of them reach here.
  Result<BoundStatement> BindNode(const ast::TransactionStatement&) {
    return Status::NotSupported("transaction statements inside another statement");
  }

  // Run by the session against its catalog (Catalog's schema methods check the names).
  Result<BoundStatement> BindNode(const ast::SchemaStatement& schema) {
    BoundStatement bound;
    bound.kind = StatementKind::kSchema;
    bound.schema_change = schema;
    return bound;
  }

  Status CheckTargetSchema(const std::string& schema) const {
    if (IsSystemSchema(schema)) return Status::NotSupported("moving tables into the system schema \"{}\"", schema);
    if (!catalog_.HasSchema(schema)) return Status::BindError("schema \"{}\" does not exist", schema);
    return Status::OK();
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
  if (statement.parameter_count > 0) return MissingParameterValues(statement);
  return BindStatement(statement, statement_sql, catalog);
}

Result<BoundStatement> BindStatement(const ast::Statement& statement, const std::string& statement_sql,
                                     const Catalog& catalog) {
  const BindingCatalogScope binding(catalog);  // current_schema() reads its schemas
  Binder binder(catalog);
  ORBIT_ASSIGN_OR_RETURN(BoundStatement bound, binder.Bind(statement));
  SetStatementText(&bound, statement_sql);
  return bound;
}

Result<std::vector<ParameterValue>> BindParameterArguments(const std::vector<ast::ExprPtr>& arguments) {
  std::vector<ParameterValue> values;
  for (const ast::ExprPtr& argument : arguments) {
    if (argument->IsStringLiteral()) {
      values.push_back(ParameterValue::Untyped(argument->constant.text));
      continue;
    }
    ExpressionBinder binder(nullptr, "EXECUTE");
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(*argument));
    if (!IsConstant(bound)) {
      return Status::NotSupported("non-constant expressions as EXECUTE arguments: {}", argument->ToString());
    }
    values.push_back(ParameterValue::Typed(bound->constant));
  }
  return values;
}

}  // namespace orbit
