#include "server/statement_outcome.h"

#include "server/command_tag.h"

namespace orbit::server {

StatementOutcome StatementOutcome::FromResult(std::string_view statement, QueryResult result) {
  StatementOutcome outcome;
  outcome.statement_ = std::string(statement);
  outcome.returns_rows_ = result.returns_rows();
  for (const ColumnInfo& info : result.columns()) outcome.columns_.push_back(DescribeColumn(info));
  outcome.result_ = std::move(result);
  return outcome;
}

StatementOutcome StatementOutcome::ServerRows(std::vector<std::string> names, TextRows rows, std::string tag) {
  StatementOutcome outcome;
  outcome.returns_rows_ = true;
  for (std::string& name : names) outcome.columns_.push_back(PgColumn{std::move(name), TypeKind::kVarchar});
  outcome.server_rows_ = std::move(rows);
  outcome.fixed_tag_ = std::move(tag);
  return outcome;
}

StatementOutcome StatementOutcome::Command(std::string tag) {
  StatementOutcome outcome;
  outcome.fixed_tag_ = std::move(tag);
  return outcome;
}

StatementOutcome StatementOutcome::EmptyQuery() {
  StatementOutcome outcome;
  outcome.empty_query_ = true;
  return outcome;
}

StatementOutcome StatementOutcome::CopyOut(std::vector<std::string> lines, int columns, int64_t rows) {
  StatementOutcome outcome;
  outcome.copy_out_ = std::move(lines);
  outcome.copy_columns_ = columns;
  outcome.fixed_tag_ = "COPY " + std::to_string(rows);
  return outcome;
}

StatementOutcome StatementOutcome::CopyIn(CopyCommand command) {
  StatementOutcome outcome;
  outcome.copy_in_ = std::move(command);
  outcome.fixed_tag_ = "COPY";
  return outcome;
}

StatementOutcome StatementOutcome::Window(const StatementOutcome& whole, int64_t first, int64_t count,
                                          std::string tag) {
  StatementOutcome outcome = whole;
  outcome.first_row_ = whole.first_row_ + first;
  outcome.window_rows_ = count;
  outcome.fixed_tag_ = std::move(tag);
  return outcome;
}

int64_t StatementOutcome::num_rows() const {
  if (!returns_rows_) return 0;
  if (window_rows_) return *window_rows_;
  return result_ ? result_->num_rows() : static_cast<int64_t>(server_rows_.size());
}

std::string StatementOutcome::Tag(int64_t rows_sent) const {
  if (!fixed_tag_.empty()) return fixed_tag_;
  return CommandTag(statement_, returns_rows_, rows_sent, result_ ? result_->rows_changed() : -1);
}

std::optional<std::string> StatementOutcome::Text(int column, int64_t row) const {
  row += first_row_;
  if (!result_) return server_rows_[static_cast<size_t>(row)][static_cast<size_t>(column)];
  std::optional<std::string> text = result_->GetText(column, row);
  if (!text) return std::nullopt;
  return PgText(columns_[static_cast<size_t>(column)].kind, std::move(*text));
}

std::optional<Expected<std::string>> StatementOutcome::Binary(int column, int64_t row) const {
  row += first_row_;
  if (!result_) {
    const std::optional<std::string>& cell = server_rows_[static_cast<size_t>(row)][static_cast<size_t>(column)];
    if (!cell) return std::nullopt;
    return Expected<std::string>(*cell);
  }
  std::optional<std::string> text = result_->GetText(column, row);
  if (!text) return std::nullopt;
  const ColumnInfo& info = result_->columns()[static_cast<size_t>(column)];
  return PgBinary(info.kind, info.scale, *text);
}

}  // namespace orbit::server
