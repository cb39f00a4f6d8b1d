// The catalog: the tables of one database, by case-insensitive name. Thread-safe; tables
// are shared immutable snapshots, so a query keeps the version it started with. A table of
// a persistent database may be pending: known by name and schema, its rows read from disk
// at first use (FindTable, GetTable) and kept in memory afterwards.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/catalog/search_path.h"
#include "sql/parser/ast.h"

namespace orbit {

/// A view: its query, kept as syntax and bound again at every use (so it sees the tables
/// as they are then), and the columns it had when created.
struct ViewDefinition {
  std::string name;
  std::vector<std::string> column_aliases;
  std::shared_ptr<const ast::SelectStatement> query;
  Schema columns;
  std::string sql;  // the CREATE VIEW statement that made it (what a persistent database stores)
};
using ViewPtr = std::shared_ptr<const ViewDefinition>;

/// A column's DEFAULT: its expression, kept as syntax and bound again at each INSERT (so
/// DEFAULT CURRENT_DATE is the date of the insert, as in PostgreSQL), and its text as written.
struct ColumnDefault {
  ast::ExprPtr expr;
  std::string sql;
};
/// A table's DEFAULTs by lower-case column name.
using ColumnDefaults = std::map<std::string, ColumnDefault>;

/// A PRIMARY KEY or UNIQUE constraint: no two rows whose key columns are all non-NULL may
/// have equal keys (NULLs are distinct, as in PostgreSQL); a primary key's columns are NOT NULL.
struct UniqueKey {
  std::string name;                  // "t_pkey", "t_a_key", or the CONSTRAINT's name
  std::vector<std::string> columns;  // as the table names them
  bool primary = false;
};
using UniqueKeys = std::vector<UniqueKey>;

/// A CHECK constraint: a row for which its expression is false breaks it (NULL passes, as in
/// PostgreSQL). Kept as syntax, bound over the table's rows at each change to them.
struct CheckConstraint {
  std::string name;  // "t_a_check", "t_check", or the CONSTRAINT's name
  ast::ExprPtr expr;
  std::string sql;                   // the expression as written: what a persistent database stores
  std::vector<std::string> columns;  // the columns it reads, lower-case
};
using CheckConstraints = std::vector<CheckConstraint>;

/// What a table keeps beside its rows: its DEFAULTs, its keys and its CHECKs.
struct TableConstraints {
  ColumnDefaults defaults;
  UniqueKeys keys;
  CheckConstraints checks;

  bool empty() const { return defaults.empty() && keys.empty() && checks.empty(); }
};

/// A table whose rows are not read yet: the loader reads them (once, at first use).
struct PendingTable {
  std::string name;
  Schema schema;
  int64_t rows = 0;  // what the loader will read
  std::function<Result<TablePtr>()> loader;

  std::mutex mutex;  // held while loading, so one query loads and the others wait for it
  TablePtr loaded;   // set once loaded
};

/// One table of the catalog: its rows, or the pending table they will be read from.
struct CatalogTable {
  TablePtr table;                         // null while pending
  std::shared_ptr<PendingTable> pending;  // the table it was read from, or will be; null for a new one
  bool temporary = false;                 // registered from Arrow: never stored in a persistent database
};

/// Everything the catalog holds at one moment; a statement that fails to commit puts it back.
struct CatalogState {
  std::map<std::string, CatalogTable> tables;  // key: lower-case name
  std::map<std::string, ViewPtr> views;
  std::map<std::string, TableConstraints> constraints;
  std::set<std::string> schemas = {"public"};  // lower-case; pg_catalog and information_schema are not kept
};

class Catalog {
 public:
  /// The table (read first if pending), or a BindError naming it and suggesting the closest
  /// existing name, or why a pending table could not be read.
  Result<TablePtr> GetTable(const std::string& key) const;
  /// The table (read first if pending); null if there is none or it cannot be read.
  TablePtr FindTable(const std::string& name) const;
  /// Whether a table of that name exists, without reading a pending one.
  bool HasTable(const std::string& name) const;
  /// Fails if a table of that name exists (unless replace). The new table has no constraints.
  /// A temporary table (registered from Arrow) never replaces a stored one.
  Status CreateTable(TablePtr table, bool replace = false, bool temporary = false);
  /// Adds a table read at first use (a persistent database's, when it opens).
  void AddPendingTable(std::shared_ptr<PendingTable> pending, TableConstraints constraints);
  /// The DEFAULTs and keys of a table (none for an unknown one); SetConstraints replaces them.
  TableConstraints Constraints(const std::string& table) const;
  void SetConstraints(const std::string& table, TableConstraints constraints);
  Status DropTable(const std::string& name, bool if_exists);
  /// Swaps in a new version of an existing table (after COPY/INSERT appended batches).
  void ReplaceTable(TablePtr table);
  std::vector<std::string> TableNames() const;

  CatalogState State() const;
  void Restore(CatalogState state);

  // Schemas (catalog_schemas.cpp): lower-case names. A table or view is keyed as
  // search_path.h says; the methods above take keys, Resolve and CreationKey make them.
  bool HasSchema(const std::string& name) const;
  std::vector<std::string> SchemaNames() const;
  void SetSchemas(std::set<std::string> schemas);
  /// 42P06-style error if it exists (unless if_not_exists); "pg_" names are reserved.
  Status CreateSchema(const std::string& name, bool if_not_exists);
  /// All or none: a missing schema (unless if_exists), or without cascade one that holds a
  /// relation, fails them all. With cascade the relations go with their schema.
  Status DropSchemas(const std::vector<std::string>& names, bool if_exists, bool cascade);
  /// Its relations move with it (a pending table is read first: its key changes).
  Status RenameSchema(const std::string& from, const std::string& to);
  /// CREATE, DROP or ALTER SCHEMA, by the methods above.
  Status ChangeSchemas(const ast::SchemaStatement& change);
  /// The key of the relation `written` ("t", "s.t") names: a qualified name's own, else the
  /// first existing schema of the search path that holds one of that name, else the key it
  /// would have in the first existing schema (so that the error names it); ".t" when none
  /// exists, a key no relation has, which GetTable's error names as "t".
  std::string Resolve(const std::string& written) const;
  /// The key a new relation `written` gets: in its schema, which must exist, or in the first
  /// existing schema of the search path ("no schema has been selected to create in").
  Result<std::string> CreationKey(const std::string& written) const;
  /// The schemas of the search path that exist, in its order.
  std::vector<std::string> ExistingSearchPath() const;

  ViewPtr FindView(const std::string& name) const;
  /// Fails if a table, or (unless replace) a view, of that name exists.
  Status CreateView(ViewPtr view, bool replace);
  Status DropView(const std::string& name, bool if_exists);

 private:
  Result<TablePtr> Load(const std::string& key) const;

  mutable std::mutex mutex_;
  mutable std::map<std::string, CatalogTable> tables_;   // key: lower-case name; mutable: loading fills it
  std::map<std::string, ViewPtr> views_;                 // key: lower-case name; never the name of a table
  std::map<std::string, TableConstraints> constraints_;  // key: a table's lower-case name
  std::set<std::string> schemas_ = {"public"};
};

/// Lower-cases ASCII letters (SQL identifiers are case-insensitive unless quoted).
std::string ToLower(std::string s);
/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
std::string ClosestMatch(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace orbit
