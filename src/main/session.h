// The engine's sessions, beneath the public API (include/orbit/): a DatabaseInstance
// holds the catalog, a Session runs statements against it with its own settings and
// returns the engine's own tables. The public Database and Connection wrap these; the
// engine's tests use them directly.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"
#include "sql/parser/parameters.h"

namespace orbit {

class Catalog;
class DatabaseStore;
struct BoundStatement;
struct PreparedStatement;

/// What one statement produced: a table of rows (empty schema for statements that
/// return nothing, like CREATE or SET) and how long it took.
class StatementResult {
 public:
  StatementResult() = default;
  StatementResult(TablePtr table, bool returns_rows, double seconds, int64_t rows_changed = -1)
      : table_(std::move(table)), returns_rows_(returns_rows), seconds_(seconds), rows_changed_(rows_changed) {}

  const TablePtr& table() const { return table_; }
  /// False for CREATE, COPY, INSERT, DROP and SET.
  bool returns_rows() const { return returns_rows_; }
  double seconds() const { return seconds_; }
  /// Rows INSERT, COPY, UPDATE or DELETE added, changed or removed; -1 for other statements.
  int64_t rows_changed() const { return rows_changed_; }

 private:
  TablePtr table_;
  bool returns_rows_ = false;
  double seconds_ = 0;
  int64_t rows_changed_ = -1;
};

/// A database: a catalog of tables, in memory or kept in a database folder (a store).
/// Thread-safe; share it between sessions.
class DatabaseInstance {
 public:
  DatabaseInstance();
  ~DatabaseInstance();
  /// A database kept in the folder at `path` (created when missing, unless read-only).
  static Result<std::shared_ptr<DatabaseInstance>> OpenFolder(const std::string& path, bool read_only);

  Catalog& catalog() { return *catalog_; }
  /// The folder the catalog is kept in; null for an in-memory database.
  DatabaseStore* store() { return store_.get(); }
  /// Held by a statement that changes rows (INSERT, COPY, UPDATE, DELETE) from binding to
  /// swapping in the table's next version: one writer at a time, so no change is lost to
  /// another made from the same snapshot. Readers never wait: they read snapshots.
  std::timed_mutex& writer() { return writer_; }

 private:
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<DatabaseStore> store_;
  std::timed_mutex writer_;
};

/// Per-session settings (SET name = value).
struct SessionSettings {
  int threads = 0;               // 0 = every core
  std::string kernels = "auto";  // "auto" (fastest registered backend) or "reference"
  std::string device = "auto";   // "auto", "cpu" or "opencl" (the first OpenCL device)
  std::string fallback = "cpu";  // a device failure re-runs the pipeline on the "cpu", or is an "error"
  std::string fault_inject;      // "opencl:<point>[:N]": make a device fail on purpose (tests)
  std::chrono::milliseconds statement_timeout{0};           // 0: none
  std::chrono::milliseconds device_timeout{2 * 60 * 1000};  // a device pipeline past it re-runs on the CPU
  uint64_t memory_limit = 0;  // bytes one statement's operators may hold; 0: none (process_memory_limit still applies)
};

/// A session: runs statements against a database with its own settings.
class Session {
 public:
  explicit Session(DatabaseInstance& database);
  ~Session();

  /// Runs every statement of `sql` in order and returns the last one's result; stops at
  /// the first error. `parameters` are the values of $1, $2, ... (or `?`), for a script of
  /// one statement.
  Result<StatementResult> Query(const std::string& sql, const std::vector<ParameterValue>& parameters = {});
  /// Runs exactly one statement.
  Result<StatementResult> QueryOne(const std::string& statement_sql,
                                   const std::vector<ParameterValue>& parameters = {});
  /// Cancels the running Query or QueryOne (the rest of its script too): it ends with a
  /// Cancelled error. Callable from any thread and from a signal handler; a request made
  /// while nothing runs is dropped when the next call starts.
  void Interrupt() noexcept { interrupt_.Cancel(); }
  /// What `SET name = value` does: checks the value and changes the setting.
  Status Set(const std::string& name, const std::string& value);
  /// What `RESET name` and `SET name TO DEFAULT` do; "all" resets every session setting.
  Status Reset(const std::string& name);

  SessionSettings& settings() { return settings_; }
  DatabaseInstance& database() { return database_; }

 private:
  /// One statement, under the interrupt the calling Query/QueryOne armed and its own memory
  /// account (memory_limit); an allocation failure anywhere in it is its Out of memory error.
  Result<StatementResult> RunStatement(const std::string& statement_sql, const std::vector<ParameterValue>& parameters);
  Result<StatementResult> RunStatementCharged(const std::string& statement_sql,
                                              const std::vector<ParameterValue>& parameters);
  /// A bound statement: planned, run, its changes made to the catalog.
  Result<StatementResult> RunBound(BoundStatement& statement, std::chrono::steady_clock::time_point start);

  DatabaseInstance& database_;
  SessionSettings settings_;
  QueryInterrupt interrupt_;
  std::map<std::string, std::shared_ptr<const PreparedStatement>> prepared_;  // PREPARE name: by name
};

}  // namespace orbit
