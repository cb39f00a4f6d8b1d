// What one statement gave a client: rows with their columns (from Orbit, or made by the
// server for a session command such as SHOW client_encoding), or none, and the tag of its
// CommandComplete. Cells are read as PostgreSQL's text or binary forms (pg_types.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/query_result.h"
#include "server/copy_command.h"
#include "server/pg_types.h"

namespace orbit::server {

class StatementOutcome {
 public:
  using TextRows = std::vector<std::vector<std::optional<std::string>>>;

  /// What Orbit returned for `statement`.
  static StatementOutcome FromResult(std::string_view statement, QueryResult result);
  /// Rows the server made, each cell PostgreSQL's text already (every column is text).
  static StatementOutcome ServerRows(std::vector<std::string> names, TextRows rows, std::string tag);
  /// A statement without rows whose tag is known (BEGIN, SET, ...).
  static StatementOutcome Command(std::string tag);
  /// A query string with no statement in it (EmptyQueryResponse).
  static StatementOutcome EmptyQuery();
  /// Rows `first` to `first + count` of `whole` (a cursor's FETCH), with the tag `tag`.
  static StatementOutcome Window(const StatementOutcome& whole, int64_t first, int64_t count, std::string tag);
  /// COPY ... TO STDOUT: its lines (a header, then each row), each sent as a CopyData message.
  static StatementOutcome CopyOut(std::vector<std::string> lines, int columns, int64_t rows);
  /// COPY ... FROM STDIN: the connection receives the data, then StatementRunner::FinishCopyIn.
  static StatementOutcome CopyIn(CopyCommand command);

  /// The lines of a COPY TO STDOUT, or null.
  const std::vector<std::string>* copy_out() const { return copy_out_ ? &*copy_out_ : nullptr; }
  /// The COPY FROM STDIN to receive, or null.
  const CopyCommand* copy_in() const { return copy_in_ ? &*copy_in_ : nullptr; }
  /// The columns of a COPY's rows.
  int copy_columns() const { return copy_columns_; }

  bool empty_query() const { return empty_query_; }
  bool returns_rows() const { return returns_rows_; }
  const std::vector<PgColumn>& columns() const { return columns_; }
  int64_t num_rows() const;
  /// The CommandComplete tag, counting `rows_sent` for a statement that returns rows.
  std::string Tag(int64_t rows_sent) const;
  /// A cell as PostgreSQL's text, nullopt for NULL.
  std::optional<std::string> Text(int column, int64_t row) const;
  /// A cell in binary, nullopt for NULL; an error where the binary form cannot hold it.
  std::optional<Expected<std::string>> Binary(int column, int64_t row) const;

 private:
  std::optional<QueryResult> result_;
  TextRows server_rows_;
  std::vector<PgColumn> columns_;
  std::string statement_;
  std::string fixed_tag_;
  bool returns_rows_ = false;
  bool empty_query_ = false;
  std::optional<std::vector<std::string>> copy_out_;
  std::optional<CopyCommand> copy_in_;
  int copy_columns_ = 0;
  int64_t first_row_ = 0;               ///< a window's first row in the result
  std::optional<int64_t> window_rows_;  ///< a window's row count
};

}  // namespace orbit::server
