// Runs one statement for a client connection: the session commands a PostgreSQL client
// sends that Orbit has no statement for (SET/SHOW/RESET of client_encoding, DateStyle and
// the like) are answered here; everything else goes to the connection's own
// orbit::Connection, transaction blocks included (BEGIN/COMMIT/ROLLBACK, savepoints), whose
// status ReadyForQuery reports. An error the server raises itself fails a block too.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/database.h"
#include "server/pg_errors.h"
#include "server/server_metrics.h"
#include "server/server_options.h"
#include "server/session_parameters.h"
#include "server/sql_tokens.h"
#include "server/statement_outcome.h"

namespace orbit::server {

class StatementRunner {
 public:
  /// Closes the protocol's prepared statement `name` ("" for all of them); false when it has
  /// none of that name. SQL's DEALLOCATE closes those too, as PostgreSQL's, which psycopg uses.
  using CloseStatement = std::function<bool(const std::string& name)>;

  StatementRunner(Connection& connection, SessionParameters& parameters, CloseStatement close_statement = nullptr)
      : connection_(connection), parameters_(parameters), close_statement_(std::move(close_statement)) {}

  /// Runs one statement with its parameter values, when the session's role may
  /// (access_control.h; a refusal is SQLSTATE 42501).
  Expected<StatementOutcome> Run(std::string_view statement, const std::vector<Parameter>& parameters);
  /// The role of the client (admin, the default, runs anything).
  void set_role(Role role) { role_ = role; }
  /// Where each statement's outcome and time are counted (none by default).
  void set_metrics(ServerMetrics* metrics) { metrics_ = metrics; }
  /// The columns `statement` would return, found without running it for a query
  /// (SELECT, WITH, VALUES, TABLE) by planning it under LIMIT 0 with NULL parameters;
  /// nullopt when it returns no rows or they cannot be known before it runs.
  std::optional<std::vector<PgColumn>> DescribeColumns(std::string_view statement, int parameter_count);
  /// Ends a COPY FROM STDIN with the data the client sent: the rows go into the table
  /// through Orbit's COPY FROM, all or none.
  Expected<StatementOutcome> FinishCopyIn(const CopyCommand& command, std::string_view data);
  /// The columns of the SQL cursor `name` (DECLARE), for a Describe of it; null when none.
  const std::vector<PgColumn>* CursorColumns(const std::string& name) const;
  /// A statement failed: a transaction block it was in has failed ('E') until ROLLBACK.
  void NoteError();
  /// ReadyForQuery's transaction status: 'I' idle, 'T' in a block, 'E' in a failed block.
  char transaction_status() const;
  /// Warnings for the client since the last call (BEGIN inside a block, ...).
  std::vector<PgError> TakeNotices() { return std::exchange(notices_, {}); }

 private:
  std::optional<Expected<StatementOutcome>> RunTransactionCommand(std::string_view statement,
                                                                  const std::vector<SqlToken>& tokens);
  std::optional<Expected<StatementOutcome>> RunSessionCommand(const std::vector<SqlToken>& tokens);
  Expected<StatementOutcome> RunCopyOut(const CopyCommand& command);
  // DECLARE ... CURSOR FOR, FETCH, MOVE and CLOSE (cursor_commands.cpp).
  std::optional<Expected<StatementOutcome>> RunCursorCommand(std::string_view statement,
                                                             const std::vector<SqlToken>& tokens,
                                                             const std::vector<Parameter>& parameters);
  Expected<StatementOutcome> RunStatement(std::string_view statement, const std::vector<Parameter>& parameters);
  /// Runs a statement of Orbit's once the role allows it.
  Expected<StatementOutcome> RunOrbit(std::string_view statement, const std::vector<Parameter>& parameters);

  Connection& connection_;
  SessionParameters& parameters_;
  CloseStatement close_statement_;
  bool server_failed_ = false;  // the server's own error in a block: the engine's block must roll back
  Role role_ = Role::kAdmin;
  ServerMetrics* metrics_ = nullptr;
  std::vector<PgError> notices_;
  /// A cursor: its query's whole result (Orbit returns it whole) and how far FETCH has read.
  struct Cursor {
    StatementOutcome rows;
    int64_t position = 0;
  };
  std::map<std::string, Cursor> cursors_;
};

}  // namespace orbit::server
