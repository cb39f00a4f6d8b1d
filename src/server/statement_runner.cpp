#include "server/statement_runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "server/access_control.h"

namespace orbit::server {

namespace {

bool IsWord(const std::vector<SqlToken>& tokens, size_t i, std::string_view word) {
  return i < tokens.size() && tokens[i].kind == SqlToken::Kind::kWord && tokens[i].text == word;
}

bool IsSymbol(const std::vector<SqlToken>& tokens, size_t i, std::string_view symbol) {
  return i < tokens.size() && tokens[i].kind == SqlToken::Kind::kSymbol && tokens[i].text == symbol;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The value of SET name TO <value>: its tokens as text, strings unquoted, words lower-cased
// as PostgreSQL folds unquoted names, a list joined with ", " (SET DateStyle = ISO, MDY).
std::string SetValue(const std::vector<SqlToken>& tokens, size_t from) {
  std::string value;
  for (size_t i = from; i < tokens.size(); ++i) {
    const SqlToken& token = tokens[i];
    if (token.kind == SqlToken::Kind::kSymbol && token.text == ";") break;
    if (token.kind == SqlToken::Kind::kSymbol && token.text == ",") {
      value += ", ";
      continue;
    }
    value += token.kind == SqlToken::Kind::kWord ? Lower(token.text) : token.text;
  }
  return value;
}

}  // namespace

Expected<StatementOutcome> StatementRunner::Run(std::string_view statement, const std::vector<Parameter>& parameters) {
  if (metrics_ == nullptr) return RunStatement(statement, parameters);
  metrics_->QueryStarted(Protocol::kPostgres);
  const auto start = std::chrono::steady_clock::now();
  Expected<StatementOutcome> outcome = RunStatement(statement, parameters);
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  metrics_->QueryFinished(Protocol::kPostgres, ServerMetrics::OutcomeOf(outcome.error()), seconds.count());
  return outcome;
}

Expected<StatementOutcome> StatementRunner::RunStatement(std::string_view statement,
                                                         const std::vector<Parameter>& parameters) {
  const std::vector<SqlToken> tokens = Tokenize(statement, 64);
  if (tokens.empty() || (tokens.size() == 1 && IsSymbol(tokens, 0, ";"))) return StatementOutcome::EmptyQuery();
  if (auto outcome = RunTransactionCommand(statement, tokens)) return std::move(*outcome);
  if (transaction_status() == 'E') {
    return Error(ErrorCode::kTransactionAborted,
                 "current transaction is aborted, commands ignored until end of transaction block");
  }
  if (auto outcome = RunSessionCommand(tokens)) return std::move(*outcome);
  if (auto outcome = RunCursorCommand(statement, tokens, parameters)) return std::move(*outcome);
  if (IsWord(tokens, 0, "COPY")) {
    if (std::optional<Expected<CopyCommand>> copy = ParseCopyCommand(statement)) {
      if (!copy->ok()) return copy->error();
      if ((*copy)->to_client) return RunCopyOut(**copy);
      if (Expected<void> allowed = CheckAccess(role_, {StatementAccess::kWrite, "COPY", "changes the database"});
          !allowed.ok()) {
        return allowed.error();
      }
      return StatementOutcome::CopyIn(std::move(**copy));
    }
  }
  return RunOrbit(statement, parameters);
}

void StatementRunner::NoteError() {
  if (connection_.transaction_status() == TransactionStatus::kInBlock) server_failed_ = true;
}

char StatementRunner::transaction_status() const {
  switch (connection_.transaction_status()) {
    case TransactionStatus::kIdle: return 'I';
    case TransactionStatus::kFailed: return 'E';
    case TransactionStatus::kInBlock: break;
  }
  return server_failed_ ? 'E' : 'T';
}

std::optional<Expected<StatementOutcome>> StatementRunner::RunTransactionCommand(std::string_view statement,
                                                                                 const std::vector<SqlToken>& tokens) {
  const bool begin = IsWord(tokens, 0, "BEGIN") || (IsWord(tokens, 0, "START") && IsWord(tokens, 1, "TRANSACTION"));
  const bool commit = IsWord(tokens, 0, "COMMIT") || IsWord(tokens, 0, "END");
  const bool rollback = IsWord(tokens, 0, "ROLLBACK") || IsWord(tokens, 0, "ABORT");
  const bool savepoint = IsWord(tokens, 0, "SAVEPOINT") || IsWord(tokens, 0, "RELEASE");
  if (!begin && !commit && !rollback && !savepoint) return std::nullopt;
  const bool to_savepoint = rollback && (IsWord(tokens, 1, "TO") || IsWord(tokens, 2, "TO"));
  const bool prepared = IsWord(tokens, 1, "PREPARED");
  const char before = transaction_status();
  // A block the server failed (the engine's is fine) ends as PostgreSQL's failed block does.
  const bool roll_back_instead = commit && !prepared && server_failed_;
  Expected<QueryResult> result = connection_.QueryOne(roll_back_instead ? std::string_view("ROLLBACK") : statement);
  if (!result.ok()) return Expected<StatementOutcome>(result.error());
  if (begin && before != 'I') notices_.push_back({"WARNING", "25001", "there is already a transaction in progress"});
  if ((commit || (rollback && !to_savepoint)) && before == 'I') {
    notices_.push_back({"WARNING", "25P01", "there is no transaction in progress"});
  }
  if (commit || rollback) server_failed_ = false;
  if (begin) return StatementOutcome::Command(IsWord(tokens, 0, "BEGIN") ? "BEGIN" : "START TRANSACTION");
  if (savepoint) return StatementOutcome::Command(tokens[0].text);
  return StatementOutcome::Command(rollback || before == 'E' ? "ROLLBACK" : "COMMIT");
}

std::optional<Expected<StatementOutcome>> StatementRunner::RunSessionCommand(const std::vector<SqlToken>& tokens) {
  if (IsWord(tokens, 0, "SET")) {
    size_t i = 1;
    if (IsWord(tokens, i, "SESSION") || IsWord(tokens, i, "LOCAL")) {
      if (IsWord(tokens, i + 1, "CHARACTERISTICS")) return StatementOutcome::Command("SET");
      if (!IsWord(tokens, i + 1, "AUTHORIZATION")) ++i;
    }
    if (IsWord(tokens, i, "TRANSACTION")) return StatementOutcome::Command("SET");
    std::string name;
    size_t value_at = 0;
    if (IsWord(tokens, i, "TIME") && IsWord(tokens, i + 1, "ZONE")) {
      name = "TimeZone";
      value_at = i + 2;
    } else if (i < tokens.size() && tokens[i].kind != SqlToken::Kind::kSymbol &&
               (IsWord(tokens, i + 1, "TO") || IsSymbol(tokens, i + 1, "="))) {
      name = tokens[i].text;
      value_at = i + 2;
    }
    if (name.empty() || !parameters_.Knows(name)) return std::nullopt;  // Orbit's own SET
    if (IsWord(tokens, value_at, "DEFAULT") || IsWord(tokens, value_at, "LOCAL")) {
      parameters_.Reset(name);
      return StatementOutcome::Command("SET");
    }
    std::string value = SetValue(tokens, value_at);
    if (Lower(name) == "timezone" && Lower(value) != "utc" && Lower(value) != "gmt" && Lower(value) != "etc/utc" &&
        value != "0" && value != "+00" && value != "00:00") {
      // Orbit's TIMESTAMP has no time zone: any zone reads and writes the same values.
      notices_.push_back(
          {"WARNING", "01000", "Orbit's TIMESTAMP has no time zone; TimeZone is kept but changes no value"});
    }
    Expected<void> set = parameters_.Set(name, std::move(value));
    if (!set.ok()) return Expected<StatementOutcome>(set.error());
    return StatementOutcome::Command("SET");
  }
  if (IsWord(tokens, 0, "SHOW")) {
    std::string name;
    if (IsWord(tokens, 1, "TIME") && IsWord(tokens, 2, "ZONE")) {
      name = "TimeZone";
    } else if (IsWord(tokens, 1, "TRANSACTION") && IsWord(tokens, 2, "ISOLATION") && IsWord(tokens, 3, "LEVEL")) {
      name = "transaction_isolation";
    } else if (tokens.size() >= 2 && tokens[1].kind != SqlToken::Kind::kSymbol) {
      name = tokens[1].text;
    }
    auto value = parameters_.Get(name);
    if (!value) return std::nullopt;  // Orbit's own SHOW
    return StatementOutcome::ServerRows({value->first}, {{value->second}}, "SHOW");
  }
  if (IsWord(tokens, 0, "RESET") && tokens.size() >= 2 && tokens[1].kind != SqlToken::Kind::kSymbol) {
    if (tokens[1].text == "ALL") {
      parameters_.Reset("all");
      return std::nullopt;  // Orbit resets its own settings too
    }
    if (!parameters_.Knows(tokens[1].text)) return std::nullopt;
    parameters_.Reset(tokens[1].text);
    return StatementOutcome::Command("RESET");
  }
  if (IsWord(tokens, 0, "DEALLOCATE") && close_statement_) {
    const size_t at = IsWord(tokens, 1, "PREPARE") ? 2 : 1;
    if (IsWord(tokens, at, "ALL")) {
      close_statement_("");
      return std::nullopt;  // Orbit's own PREPAREd statements go too
    }
    if (at < tokens.size() && tokens[at].kind != SqlToken::Kind::kSymbol) {
      std::string name = tokens[at].text;
      if (tokens[at].kind == SqlToken::Kind::kWord) name = Lower(name);
      if (close_statement_(name)) return StatementOutcome::Command("DEALLOCATE");
    }
    return std::nullopt;
  }
  if (IsWord(tokens, 0, "DISCARD") && IsWord(tokens, 1, "ALL")) {
    if (close_statement_) close_statement_("");
    parameters_.Reset("all");
    return StatementOutcome::Command("DISCARD ALL");
  }
  return std::nullopt;
}

Expected<StatementOutcome> StatementRunner::RunOrbit(std::string_view statement,
                                                     const std::vector<Parameter>& parameters) {
  if (Expected<void> allowed = Authorize(role_, statement); !allowed.ok()) return allowed.error();
  Expected<QueryResult> result =
      parameters.empty() ? connection_.QueryOne(statement) : connection_.Query(statement, parameters);
  if (!result.ok()) return result.error();
  return StatementOutcome::FromResult(statement, std::move(*result));
}

Expected<StatementOutcome> StatementRunner::RunCopyOut(const CopyCommand& command) {
  Expected<StatementOutcome> rows = RunOrbit(command.SelectSql(), {});
  if (!rows.ok()) return rows.error();
  const auto columns = static_cast<int>(rows->columns().size());
  std::vector<std::string> lines;
  if (command.header) {
    CopyRow names;
    for (const PgColumn& column : rows->columns()) names.emplace_back(column.name);
    lines.push_back(FormatCopyRow(command, names));
  }
  CopyRow row(static_cast<size_t>(columns));
  for (int64_t r = 0; r < rows->num_rows(); ++r) {
    for (int c = 0; c < columns; ++c) row[static_cast<size_t>(c)] = rows->Text(c, r);
    lines.push_back(FormatCopyRow(command, row));
  }
  return StatementOutcome::CopyOut(std::move(lines), columns, rows->num_rows());
}

Expected<StatementOutcome> StatementRunner::FinishCopyIn(const CopyCommand& command, std::string_view data) {
  Expected<std::vector<CopyRow>> rows = ParseCopyData(command, data);
  if (!rows.ok()) return rows.error();
  // Orbit's COPY FROM reads a file: the rows are written to a private one, then removed.
  static std::atomic<uint64_t> next_file{0};
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("orbit-copy-" + std::to_string(getpid()) + "-" + std::to_string(next_file++) + ".csv");
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << OrbitCsv(*rows);
    if (!file.flush()) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      return Error(ErrorCode::kIOError, "cannot write the COPY data to " + path.string());
    }
  }
  std::string quoted;
  for (char c : path.string()) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  Expected<QueryResult> copied =
      connection_.QueryOne("COPY " + command.target + " FROM '" + quoted + "' (FORMAT csv, HEADER false)");
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (!copied.ok()) return copied.error();
  return StatementOutcome::Command("COPY " + std::to_string(std::max<int64_t>(copied->rows_changed(), 0)));
}

std::optional<std::vector<PgColumn>> StatementRunner::DescribeColumns(std::string_view statement, int parameter_count) {
  const std::vector<std::string> words = LeadingWords(statement, 1);
  if (words.empty() || (words[0] != "SELECT" && words[0] != "WITH" && words[0] != "VALUES" && words[0] != "TABLE")) {
    return std::nullopt;
  }
  // Planning reads what the query reads (a file's columns): only what the role may run.
  if (!Authorize(role_, statement).ok()) return std::nullopt;
  std::string_view body = statement;
  while (!body.empty() && (std::isspace(static_cast<unsigned char>(body.back())) || body.back() == ';')) {
    body.remove_suffix(1);
  }
  const std::string probe = "SELECT * FROM (" + std::string(body) + "\n) AS orbit_describe LIMIT 0";
  const std::vector<Parameter> nulls(static_cast<size_t>(parameter_count), Parameter::Null());
  // A probe that fails leaves a transaction block as it was: the statement itself may not fail.
  Expected<QueryResult> result = connection_.Probe(probe, nulls);
  if (!result.ok() || !result->returns_rows()) return std::nullopt;
  std::vector<PgColumn> columns;
  for (const ColumnInfo& info : result->columns()) columns.push_back(DescribeColumn(info));
  return columns;
}

}  // namespace orbit::server
