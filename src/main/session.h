// The engine's sessions, beneath the public API (include/orbit/): a DatabaseInstance
// holds the catalog, a Session runs statements against it with its own settings and
// returns the engine's own tables. The public Database and Connection wrap these; the
// engine's tests use them directly.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"
#include "main/transaction.h"
#include "main/writer_lock.h"
#include "sql/parser/parameters.h"

namespace orbit {

class Catalog;
class DatabaseStore;
struct BoundStatement;
struct PreparedStatement;
namespace ast {
struct TransactionStatement;
}

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

  /// The committed catalog. Changed only by Publish (and RegisterArrow-like changes made
  /// through a session), so a reader sees one commit or the next, never a statement's half.
  Catalog& catalog() { return *catalog_; }
  /// The folder the catalog is kept in; null for an in-memory database.
  DatabaseStore* store() { return store_.get(); }
  /// One writer at a time (writer_lock.h): a statement or a transaction block that changes
  /// the catalog holds it, so no change is lost to another made from the same snapshot.
  /// Readers never wait: they read snapshots.
  WriterLock& writer() { return writer_; }
  /// A private copy of the committed catalog (cheap: tables are shared snapshots) and the
  /// number of the commit it shows.
  std::unique_ptr<Catalog> Snapshot(uint64_t* generation) const;
  /// Makes `state` the committed catalog, as one commit: stored first in a persistent
  /// database (a failure there changes nothing), then swapped in. The caller holds writer().
  Status Publish(CatalogState state);
  /// Counts the commits published.
  uint64_t generation() const { return generation_.load(); }

 private:
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<DatabaseStore> store_;
  WriterLock writer_;
  std::atomic<uint64_t> generation_{0};
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
  std::chrono::milliseconds lock_timeout{10 * 1000};  // most a change waits for another session's block; 0: no limit
  uint64_t memory_limit = 0;  // bytes one statement's operators may hold; 0: none (process_memory_limit still applies)
  std::vector<std::string> search_path = {"$user", "public"};  // schemas unqualified names resolve through, in order
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

  /// Whether a transaction block is open, and whether an error failed it.
  TransactionState transaction_state() const;
  /// The catalog this session's statements see: its block's copy, else the committed one.
  Catalog& catalog();
  /// Changes the catalog as a statement that changes it does: in the session's block, else
  /// as a commit of its own (Connection::RegisterArrow).
  Status ChangeCatalog(const std::function<Status(Catalog&)>& change);
  /// Runs one statement that reads only; its failure leaves a transaction block as it was
  /// (the PostgreSQL server's Describe plans a statement this way before it runs).
  Result<StatementResult> Probe(const std::string& statement_sql, const std::vector<ParameterValue>& parameters);

 private:
  /// One statement, under the interrupt the calling Query/QueryOne armed and its own memory
  /// account (memory_limit); an allocation failure anywhere in it is its Out of memory error.
  Result<StatementResult> RunStatement(const std::string& statement_sql, const std::vector<ParameterValue>& parameters);
  Result<StatementResult> RunStatementCharged(const std::string& statement_sql,
                                              const std::vector<ParameterValue>& parameters);
  /// A parsed statement, bound over the catalog it sees (transaction.h) and run there.
  Result<StatementResult> RunParsed(const ast::Statement& parsed, const std::string& sql,
                                    std::chrono::steady_clock::time_point start);
  /// A bound statement: planned, run, its changes made to `catalog`.
  Result<StatementResult> RunBound(BoundStatement& statement, std::chrono::steady_clock::time_point start,
                                   Catalog& catalog);
  // session_transaction.cpp: BEGIN, COMMIT, ROLLBACK and savepoints; a block's first change.
  Result<StatementResult> RunTransaction(const ast::TransactionStatement& statement);
  /// Before a block's statement: a snapshot block copies the catalog at its first.
  void StartBlockStatement();
  /// Before a block's change: the write lock, and the block's own copy of the catalog.
  Status BeginBlockChange();
  /// Ends the block, its changes published (commit) or dropped, and lets the next writer in.
  Status EndBlock(bool commit);

  DatabaseInstance& database_;
  SessionSettings settings_;
  QueryInterrupt interrupt_;
  std::map<std::string, std::shared_ptr<const PreparedStatement>> prepared_;  // PREPARE name: by name
  std::unique_ptr<TransactionBlock> block_;                                   // null outside BEGIN ... COMMIT
  bool probing_ = false;                                                      // Probe: an error fails no block
};

}  // namespace orbit
