// Databases and connections: open a database, connect to it, run SQL, exchange tables
// with Arrow. Nothing here throws: every call that can fail returns an Expected.
//
//   auto db = orbit::Database::Open();
//   auto con = db->Connect();
//   auto result = con->Query("SELECT 42 AS answer");
//   if (!result.ok()) std::cerr << result.error().ToString() << '\n';
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/arrow_c_abi.h"
#include "orbit/error.h"
#include "orbit/export.h"
#include "orbit/parameter.h"
#include "orbit/query_result.h"
#include "orbit/statement_class.h"

namespace orbit {

class Connection;

/// @brief How Database::Open opens a database folder.
struct OpenOptions {
  /// Read the database as it was last committed, changing nothing; other processes may
  /// read it too, and one may write it meanwhile (this one keeps seeing what it opened).
  bool read_only = false;
};

/// @brief A database: a catalog of tables, in memory or kept in a database folder.
/// Thread-safe: connections on several threads may share it. Movable, not copyable; its
/// connections keep what they need of it alive, so it may be destroyed before them.
class ORBIT_EXPORT Database {
 public:
  /// @brief Opens a new, empty in-memory database.
  /// @return the database, or why it could not be created
  static Expected<Database> Open();
  /// @brief Opens the database kept in the folder at `path` (e.g. "sales.orbit"), creating it
  /// when missing. Its tables are stored as Parquet files and a catalog; every statement that
  /// changes them is committed when it returns, all of it or nothing, also across a crash.
  /// A stored table is read from disk at its first use and kept in memory. Tables registered
  /// from Arrow (RegisterArrow) are never stored. One process may write a folder at a time.
  /// @param path the database folder
  /// @param options read-only or not
  /// @return the database, or why not: another process writes it, it is not a database
  ///         folder, it is damaged, or Parquet support (which stores the tables) is absent
  static Expected<Database> Open(std::string_view path, OpenOptions options = {});

  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// @brief A new session on this database, with the default settings.
  /// @return the connection, or why it could not be made (e.g. this database was moved from)
  Expected<Connection> Connect();

 private:
  struct Impl;
  explicit Database(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

/// @brief Where a connection stands: outside a transaction block, in one (BEGIN), or in one
/// that an error failed (every statement but ROLLBACK and COMMIT fails until it ends).
enum class TransactionStatus { kIdle, kInBlock, kFailed };

/// @brief A session: runs statements against a database with its own settings (SET).
/// Outside BEGIN ... COMMIT each statement commits on its own. Used by one thread at a time.
/// Movable, not copyable.
class ORBIT_EXPORT Connection {
 public:
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// @brief Runs every statement of `sql` in order, stopping at the first error.
  /// @param sql one or more statements separated by ';'
  /// @return the last statement's result, or the first error
  Expected<QueryResult> Query(std::string_view sql);
  /// @brief Runs exactly one statement.
  /// @param statement one statement (a trailing ';' is allowed)
  /// @return its result, or why it failed
  Expected<QueryResult> QueryOne(std::string_view statement);
  /// @brief Runs one statement with values for its parameters ($1, $2, ... or ?, in order).
  /// @param statement one statement
  /// @param parameters one value per parameter
  /// @return its result, or why it failed (also when the number of values is wrong)
  Expected<QueryResult> Query(std::string_view statement, const std::vector<Parameter>& parameters);
  /// @brief Splits a script into its statements, as Query does before running them.
  /// @param sql the script
  /// @return each statement's text; text that is not SQL, or the rest of the script after an
  ///         unterminated string or comment, is a statement of its own that fails when it runs
  static Expected<std::vector<std::string>> SplitStatements(std::string_view sql);
  /// @brief Runs one query whose failure leaves a transaction block as it was; a statement
  /// that would change the database is refused. For planning a statement before it runs
  /// (the PostgreSQL server's Describe).
  /// @param statement one query
  /// @param parameters one value per parameter (may be empty)
  /// @return its result, or why it failed
  Expected<QueryResult> Probe(std::string_view statement, const std::vector<Parameter>& parameters);
  /// @return whether a transaction block is open, and whether an error failed it
  TransactionStatus transaction_status() const noexcept;
  /// @brief What one statement would do if it ran (read, write or reach beyond the
  /// database), found by parsing it without running it; a server checks a client's role
  /// with it. EXECUTE of a prepared statement is a read: its PREPARE was classified by the
  /// statement it prepares.
  /// @param statement one statement
  /// @return its classification, or the error parsing it gives (the error running it would)
  static Expected<StatementClass> Classify(std::string_view statement);

  /// @brief Cancels the statement this connection is running, and the rest of its script:
  /// that Query or QueryOne returns ErrorCode::kCancelled (SQLSTATE 57014). The one call
  /// that may come from another thread while the connection runs, or from a signal
  /// handler (it only sets a flag); a request made while nothing runs is dropped.
  void Interrupt() noexcept;

  /// @brief Changes a setting of this session, as `SET name = value` does.
  /// @param name the setting (threads, kernels, device, fallback, ...; SHOW ALL lists them)
  /// @param value its new value as text
  /// @return success, or why the name or value is not accepted
  Expected<void> Set(std::string_view name, std::string_view value);

  /// @return the names of the database's tables, sorted
  Expected<std::vector<std::string>> TableNames() const;

  /// @brief Exports a stored table as it is, its batches pointing at Orbit's buffers.
  /// @param table the table's name
  /// @param out an uninitialised stream; on success the caller owns it and must release it
  /// @return success, or why (e.g. no such table)
  Expected<void> ExportTable(std::string_view table, ArrowArrayStream* out);
  /// @brief Creates (or replaces) table `table` from every batch of an Arrow stream,
  /// without copying its buffers where Orbit's layout can hold them as they are.
  /// @param table the new table's name
  /// @param stream the stream; always consumed (released before this returns, also on
  /// failure). Its arrays stay alive inside Orbit while a table or result uses them.
  /// @return success, or why the stream could not be imported
  Expected<void> RegisterArrow(std::string_view table, ArrowArrayStream* stream);

 private:
  friend class Database;
  struct Impl;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace orbit
