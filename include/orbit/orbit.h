// Orbit's C++ API: open a database, connect, run SQL, read results as Arrow-layout tables.
//
//   orbit::Database db;
//   orbit::Connection con(db);
//   auto result = con.Query("SELECT 42");
//   if (!result.ok()) std::cerr << result.status().ToString();
//   else print(result->table());
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

class Catalog;

/// What one statement produced: a table of rows (empty schema for statements that
/// return nothing, like CREATE or SET) and how long it took.
class QueryResult {
 public:
  QueryResult() = default;
  QueryResult(TablePtr table, bool returns_rows, double seconds)
      : table_(std::move(table)), returns_rows_(returns_rows), seconds_(seconds) {}

  const TablePtr& table() const { return table_; }
  /// False for CREATE, COPY, INSERT, DROP and SET.
  bool returns_rows() const { return returns_rows_; }
  double seconds() const { return seconds_; }

 private:
  TablePtr table_;
  bool returns_rows_ = false;
  double seconds_ = 0;
};

/// A database: a catalog of in-memory tables. Thread-safe; share it between connections.
class Database {
 public:
  Database();
  ~Database();
  Catalog& catalog() { return *catalog_; }

 private:
  std::unique_ptr<Catalog> catalog_;
};

/// Per-session settings (SET name = value).
struct Settings {
  int threads = 0;                  // 0 = every core
  std::string kernels = "auto";     // "auto" (fastest registered backend) or "reference"
  std::string device = "auto";      // "auto", "cpu" or "opencl" (the first OpenCL device)
  std::string fallback = "cpu";     // a device failure re-runs the pipeline on the "cpu", or is an "error"
  std::string fault_inject = "";    // "opencl:<point>[:N]": make a device fail on purpose (tests)
};

/// A session: runs statements against a database with its own settings.
class Connection {
 public:
  explicit Connection(Database& database);
  ~Connection();

  /// Runs every statement of `sql` in order and returns the last one's result; stops at
  /// the first error.
  Result<QueryResult> Query(const std::string& sql);
  /// Runs exactly one statement.
  Result<QueryResult> QueryOne(const std::string& statement_sql);

  Settings& settings() { return settings_; }
  Database& database() { return database_; }

 private:
  Database& database_;
  Settings settings_;
};

}  // namespace orbit
