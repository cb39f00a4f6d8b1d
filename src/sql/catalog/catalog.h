// The catalog: the tables of one database, by case-insensitive name. Thread-safe; tables
// are shared immutable snapshots, so a query keeps the version it started with.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

/// A view: its query, kept as syntax and bound again at every use (so it sees the tables
/// as they are then), and the columns it had when created.
struct ViewDefinition {
  std::string name;
  std::vector<std::string> column_aliases;
  std::shared_ptr<const ast::SelectStatement> query;
  Schema columns;
};
using ViewPtr = std::shared_ptr<const ViewDefinition>;

/// A table's DEFAULT expressions by lower-case column name, kept as syntax and bound again at
/// each INSERT (so DEFAULT CURRENT_DATE is the date of the insert, as in PostgreSQL).
using ColumnDefaults = std::map<std::string, ast::ExprPtr>;

/// A PRIMARY KEY or UNIQUE constraint: no two rows whose key columns are all non-NULL may
/// have equal keys (NULLs are distinct, as in PostgreSQL); a primary key's columns are NOT NULL.
struct UniqueKey {
  std::string name;                  // "t_pkey", "t_a_key", or the CONSTRAINT's name
  std::vector<std::string> columns;  // as the table names them
  bool primary = false;
};
using UniqueKeys = std::vector<UniqueKey>;

/// What a table keeps beside its rows: its DEFAULTs and its keys.
struct TableConstraints {
  ColumnDefaults defaults;
  UniqueKeys keys;

  bool empty() const { return defaults.empty() && keys.empty(); }
};

class Catalog {
 public:
  /// The table, or a BindError naming it and suggesting the closest existing name.
  Result<TablePtr> GetTable(const std::string& name) const;
  TablePtr FindTable(const std::string& name) const;
  /// Fails if a table of that name exists (unless replace). The new table has no constraints.
  Status CreateTable(TablePtr table, bool replace = false);
  /// The DEFAULTs and keys of a table (none for an unknown one); SetConstraints replaces them.
  TableConstraints Constraints(const std::string& table) const;
  void SetConstraints(const std::string& table, TableConstraints constraints);
  Status DropTable(const std::string& name, bool if_exists);
  /// Swaps in a new version of an existing table (after COPY/INSERT appended batches).
  void ReplaceTable(TablePtr table);
  std::vector<std::string> TableNames() const;

  ViewPtr FindView(const std::string& name) const;
  /// Fails if a table, or (unless replace) a view, of that name exists.
  Status CreateView(ViewPtr view, bool replace);
  Status DropView(const std::string& name, bool if_exists);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, TablePtr> tables_;               // key: lower-case name
  std::map<std::string, ViewPtr> views_;                 // key: lower-case name; never the name of a table
  std::map<std::string, TableConstraints> constraints_;  // key: a table's lower-case name
};

/// Lower-cases ASCII letters (SQL identifiers are case-insensitive unless quoted).
std::string ToLower(std::string s);
/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
std::string ClosestMatch(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace orbit
