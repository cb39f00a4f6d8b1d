// Connection::Classify: a statement parsed (never run) and its syntax tree read for what it
// needs. Every kind of statement the parser makes is named below, so a new kind does not
// compile until it is classified.
#include <string>
#include <type_traits>

#include "main/api/error_translation.h"
#include "orbit/database.h"
#include "sql/parser/parser.h"

namespace orbit {

namespace {

bool ReadsFiles(const ast::SelectStatement& select);

// The table functions that read the server's files.
bool IsFileFunction(const std::string& name) {
  return name == "read_csv" || name == "read_csv_auto" || name == "read_parquet" || name == "parquet_scan";
}

bool ReadsFiles(const ast::ExprPtr& expr) {
  if (expr == nullptr) return false;
  if (expr->subquery != nullptr && ReadsFiles(*expr->subquery)) return true;
  for (const ast::ExprPtr& child : expr->children) {
    if (ReadsFiles(child)) return true;
  }
  return false;
}

bool ReadsFiles(const ast::TableRef& ref) {
  if (ref.is_function && IsFileFunction(ref.name)) return true;
  for (const ast::ExprPtr& argument : ref.arguments) {
    if (ReadsFiles(argument)) return true;
  }
  if (ref.join != nullptr) {
    if (ReadsFiles(ref.join->left) || ReadsFiles(ref.join->right) || ReadsFiles(ref.join->condition)) return true;
  }
  if (ref.subquery != nullptr && ReadsFiles(*ref.subquery)) return true;
  for (const auto& row : ref.values) {
    for (const ast::ExprPtr& value : row) {
      if (ReadsFiles(value)) return true;
    }
  }
  return false;
}

bool ReadsFiles(const std::vector<ast::SelectItem>& items) {
  for (const ast::SelectItem& item : items) {
    if (ReadsFiles(item.expr)) return true;
  }
  return false;
}

bool ReadsFiles(const std::vector<ast::ExprPtr>& exprs) {
  for (const ast::ExprPtr& expr : exprs) {
    if (ReadsFiles(expr)) return true;
  }
  return false;
}

bool ReadsFiles(const ast::SelectStatement& select) {
  for (const ast::CommonTableExpr& cte : select.ctes) {
    if (cte.query != nullptr && ReadsFiles(*cte.query)) return true;
  }
  if (select.set_left != nullptr && ReadsFiles(*select.set_left)) return true;
  if (select.set_right != nullptr && ReadsFiles(*select.set_right)) return true;
  if (select.from && ReadsFiles(*select.from)) return true;
  if (ReadsFiles(select.targets) || ReadsFiles(select.distinct_on) || ReadsFiles(select.group_by)) return true;
  if (ReadsFiles(select.where) || ReadsFiles(select.having) || ReadsFiles(select.limit) || ReadsFiles(select.offset)) {
    return true;
  }
  for (const ast::OrderItem& item : select.order_by) {
    if (ReadsFiles(item.expr)) return true;
  }
  return false;
}

bool ReadsFiles(const std::vector<ast::UpdateStatement::Assignment>& assignments) {
  for (const auto& assignment : assignments) {
    if (ReadsFiles(assignment.value)) return true;
  }
  return false;
}

constexpr const char* kFilesReason = "reads the server's files";

StatementClass Read(std::string kind) { return {StatementAccess::kRead, std::move(kind), ""}; }

// A statement that changes the database; admin when it also reads the server's files.
StatementClass Write(std::string kind, bool reads_files) {
  if (reads_files) return {StatementAccess::kAdmin, std::move(kind), kFilesReason};
  return {StatementAccess::kWrite, std::move(kind), "changes the database"};
}

StatementClass Classify(const ast::Statement& statement);

StatementClass ClassifyNode(const ast::SelectStatement& select) {
  if (ReadsFiles(select)) return {StatementAccess::kAdmin, "SELECT", kFilesReason};
  return Read("SELECT");
}

StatementClass ClassifyNode(const ast::ExplainStatement& explain) {
  if (explain.statement == nullptr) return Read("EXPLAIN");
  StatementClass inner = Classify(*explain.statement);
  // EXPLAIN alone plans the statement (planning a file scan reads the file's schema);
  // EXPLAIN ANALYZE runs it.
  if (!explain.analyze && inner.access == StatementAccess::kWrite) return Read("EXPLAIN");
  inner.kind = "EXPLAIN";
  return inner;
}

StatementClass ClassifyNode(const ast::CreateTableStatement& create) {
  bool reads_files = false;
  for (const ast::ColumnDefinition& column : create.columns) reads_files |= ReadsFiles(column.default_value);
  return Write("CREATE TABLE", reads_files);
}

StatementClass ClassifyNode(const ast::CreateTableAsStatement& create) {
  return Write("CREATE TABLE AS", ReadsFiles(create.query));
}

StatementClass ClassifyNode(const ast::CopyStatement& copy) {
  // A COPY names a file on the server's side, to read (FROM) or write (TO).
  return {StatementAccess::kAdmin, "COPY", copy.to ? "writes the server's files" : kFilesReason};
}

StatementClass ClassifyNode(const ast::InsertStatement& insert) {
  bool reads_files = (insert.query != nullptr && ReadsFiles(*insert.query)) || ReadsFiles(insert.returning);
  for (const auto& row : insert.rows) reads_files |= ReadsFiles(row);
  if (insert.on_conflict != nullptr) {
    reads_files |= ReadsFiles(insert.on_conflict->assignments) || ReadsFiles(insert.on_conflict->where);
  }
  return Write("INSERT", reads_files);
}

StatementClass ClassifyNode(const ast::UpdateStatement& update) {
  const bool reads_files = ReadsFiles(update.target) || (update.from && ReadsFiles(*update.from)) ||
                           ReadsFiles(update.where) || ReadsFiles(update.assignments) || ReadsFiles(update.returning);
  return Write("UPDATE", reads_files);
}

StatementClass ClassifyNode(const ast::DeleteStatement& del) {
  const bool reads_files = ReadsFiles(del.target) || (del.using_items && ReadsFiles(*del.using_items)) ||
                           ReadsFiles(del.where) || ReadsFiles(del.returning);
  return Write("DELETE", reads_files);
}

StatementClass ClassifyNode(const ast::DropTableStatement& drop) {
  return Write(drop.is_view ? "DROP VIEW" : "DROP TABLE", false);
}

StatementClass ClassifyNode(const ast::SetStatement& set) {
  // Settings are the session's own, but for the memory limit every session shares.
  if (set.name == "process_memory_limit") {
    return {StatementAccess::kAdmin, "SET", "changes a setting of the whole server"};
  }
  return Read("SET");
}

StatementClass ClassifyNode(const ast::ShowStatement&) { return Read("SHOW"); }

StatementClass ClassifyNode(const ast::CreateViewStatement& view) {
  return Write("CREATE VIEW", view.query != nullptr && ReadsFiles(*view.query));
}

StatementClass ClassifyNode(const ast::PrepareStatement& prepare) {
  if (prepare.statement == nullptr) return Read("PREPARE");
  StatementClass inner = Classify(*prepare.statement);
  inner.kind = "PREPARE";
  return inner;
}

// What EXECUTE runs was classified when it was prepared, in the same session.
StatementClass ClassifyNode(const ast::ExecuteStatement&) { return Read("EXECUTE"); }
StatementClass ClassifyNode(const ast::DeallocateStatement&) { return Read("DEALLOCATE"); }

StatementClass ClassifyNode(const ast::AlterTableStatement& alter) {
  bool reads_files = false;
  for (const ast::AlterAction& action : alter.actions) reads_files |= ReadsFiles(action.column.default_value);
  return Write("ALTER TABLE", reads_files);
}

StatementClass ClassifyNode(const ast::TruncateStatement&) { return Write("TRUNCATE", false); }

StatementClass ClassifyNode(const ast::SchemaStatement& schema) {
  switch (schema.kind) {
    case ast::SchemaStatement::Kind::kCreate: return Write("CREATE SCHEMA", false);
    case ast::SchemaStatement::Kind::kDrop: return Write("DROP SCHEMA", false);
    case ast::SchemaStatement::Kind::kRename: return Write("ALTER SCHEMA", false);
  }
  return Write("CREATE SCHEMA", false);
}

// A transaction block's own statements change nothing; what runs inside it is checked
// statement by statement.
StatementClass ClassifyNode(const ast::TransactionStatement& transaction) {
  using Kind = ast::TransactionStatement::Kind;
  switch (transaction.kind) {
    case Kind::kBegin: return Read("BEGIN");
    case Kind::kCommit: return Read("COMMIT");
    case Kind::kRollback: return Read("ROLLBACK");
    case Kind::kSavepoint: return Read("SAVEPOINT");
    case Kind::kRelease: return Read("RELEASE");
    case Kind::kRollbackTo: return Read("ROLLBACK TO");
  }
  return Read("BEGIN");
}

StatementClass Classify(const ast::Statement& statement) {
  return std::visit([](const auto& node) { return ClassifyNode(node); }, statement.node);
}

}  // namespace

Expected<StatementClass> Connection::Classify(std::string_view statement) {
  return api::Guarded([&]() -> Expected<StatementClass> {
    Result<ast::Statement> parsed = ParseStatement(std::string(statement));
    if (!parsed.ok()) return api::ToError(parsed.status());
    return orbit::Classify(*parsed);
  });
}

}  // namespace orbit
