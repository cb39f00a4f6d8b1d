// The extended query protocol of PgConnection: Parse, Bind, Describe, Execute (with a row
// limit: PortalSuspended), Close and Sync. A portal's statement runs once, at the first
// Describe or Execute of it (Orbit returns whole results), and Execute hands out its rows.
#include "server/pg_connection.h"

#include <algorithm>

#include "server/result_encoding.h"

namespace orbit::server {

namespace {

// Format codes of a Bind: none means text for all, one applies to all, else one each.
int16_t FormatOf(const std::vector<int16_t>& codes, size_t index) {
  if (codes.empty()) return 0;
  return codes.size() == 1 ? codes[0] : codes[index];
}

void WriteEmpty(std::string* out, char type) { MessageWriter(out, type).Finish(); }

}  // namespace

bool PgConnection::HandleParse(MessageReader& reader) {
  in_extended_ = true;
  const std::string name(reader.String());
  const std::string sql(reader.String());
  const int16_t count = reader.Int16();
  PreparedStatement statement;
  for (int i = 0; i < count && reader.ok(); ++i) statement.parameter_types.push_back(reader.Int32());
  if (!reader.finished() || count < 0) return false;
  if (!name.empty() && statements_.contains(name)) {
    SendError(
        PgError{"ERROR", sqlstate::kDuplicatePreparedStatement, "prepared statement \"" + name + "\" already exists"});
    return true;
  }
  Expected<std::vector<std::string>> split = Connection::SplitStatements(sql);
  if (!split.ok()) {
    SendError(split.error());
    return true;
  }
  std::vector<std::string> statements;
  for (std::string& text : *split) {
    if (!Tokenize(text, 1).empty()) statements.push_back(std::move(text));
  }
  if (statements.size() > 1) {
    SendError(PgError{"ERROR", sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement"});
    return true;
  }
  statement.sql = statements.empty() ? "" : statements[0];
  const int used = HighestParameter(statement.sql);
  if (static_cast<int>(statement.parameter_types.size()) < used) statement.parameter_types.resize(used, 0);
  statements_[name] = std::move(statement);
  WriteEmpty(socket_.output(), '1');
  return true;
}

bool PgConnection::HandleBind(MessageReader& reader) {
  in_extended_ = true;
  const std::string portal_name(reader.String());
  const std::string statement_name(reader.String());
  std::vector<int16_t> parameter_formats(static_cast<size_t>(std::max<int16_t>(reader.Int16(), 0)));
  for (int16_t& format : parameter_formats) format = reader.Int16();
  const int16_t count = reader.Int16();
  std::vector<std::optional<std::string_view>> values;
  for (int i = 0; i < count && reader.ok(); ++i) {
    const int32_t size = reader.Int32();
    if (size < 0) {
      values.emplace_back(std::nullopt);
    } else {
      values.emplace_back(reader.Bytes(static_cast<size_t>(size)));
    }
  }
  std::vector<int16_t> result_formats(static_cast<size_t>(std::max<int16_t>(reader.Int16(), 0)));
  for (int16_t& format : result_formats) format = reader.Int16();
  if (!reader.finished() || count < 0) return false;
  if (parameter_formats.size() > 1 && parameter_formats.size() != values.size()) {
    SendError(PgError{"ERROR", sqlstate::kProtocolViolation,
                      "bind message has " + std::to_string(parameter_formats.size()) + " parameter formats but " +
                          std::to_string(values.size()) + " parameters"});
    return true;
  }
  auto found = statements_.find(statement_name);
  if (found == statements_.end()) {
    SendError(PgError{"ERROR", sqlstate::kUndefinedPreparedStatement,
                      "prepared statement \"" + statement_name + "\" does not exist"});
    return true;
  }
  if (!portal_name.empty() && portals_.contains(portal_name)) {
    SendError(PgError{"ERROR", "42P03", "cursor \"" + portal_name + "\" already exists"});
    return true;
  }
  Portal portal;
  portal.sql = found->second.sql;
  portal.result_format_codes = std::move(result_formats);
  const std::vector<int32_t>& types = found->second.parameter_types;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      portal.parameters.push_back(Parameter::Null());
      continue;
    }
    Expected<Parameter> parameter =
        DecodeParameter(i < types.size() ? types[i] : oid::kUnspecified, FormatOf(parameter_formats, i), *values[i]);
    if (!parameter.ok()) {
      SendError(PgError{"ERROR", SqlStateOf(parameter.error()),
                        "parameter $" + std::to_string(i + 1) + ": " + parameter.error().message()});
      return true;
    }
    portal.parameters.push_back(std::move(*parameter));
  }
  portals_[portal_name] = std::move(portal);
  WriteEmpty(socket_.output(), '2');
  return true;
}

bool PgConnection::RunPortal(Portal& portal) {
  if (portal.outcome) return true;
  Expected<StatementOutcome> outcome = runner_->Run(portal.sql, portal.parameters);
  if (!outcome.ok()) {
    runner_->NoteError();
    SendError(outcome.error());
    return false;
  }
  Expected<std::vector<int16_t>> formats = ResolveResultFormats(portal.result_format_codes, outcome->columns());
  if (!formats.ok()) {
    SendError(formats.error());
    return false;
  }
  portal.formats = std::move(*formats);
  portal.outcome = std::move(*outcome);
  SendPendingStatus();
  return true;
}

bool PgConnection::HandleDescribe(MessageReader& reader) {
  in_extended_ = true;
  const std::string_view kind = reader.Bytes(1);
  const std::string name(reader.String());
  if (!reader.finished() || (kind != "S" && kind != "P")) return false;
  std::string* out = socket_.output();
  if (kind == "S") {
    auto found = statements_.find(name);
    if (found == statements_.end()) {
      SendError(PgError{"ERROR", sqlstate::kUndefinedPreparedStatement,
                        "prepared statement \"" + name + "\" does not exist"});
      return true;
    }
    const PreparedStatement& statement = found->second;
    MessageWriter description(out, 't');
    description.Int16(static_cast<int16_t>(statement.parameter_types.size()));
    // A type left to the server is described as text: the client then sends text, which
    // Orbit types where the parameter is used, as a quoted literal.
    for (int32_t type : statement.parameter_types) description.Int32(type == oid::kUnspecified ? oid::kText : type);
    description.Finish();
    std::optional<std::vector<PgColumn>> columns =
        runner_->DescribeColumns(statement.sql, static_cast<int>(statement.parameter_types.size()));
    if (columns) {
      WriteRowDescription(out, *columns, std::vector<int16_t>(columns->size(), 0));
    } else {
      WriteNoData(out);
    }
    return true;
  }
  auto found = portals_.find(name);
  if (found == portals_.end()) {
    // A cursor DECLAREd in SQL is a portal too, as in PostgreSQL: its rows come by FETCH.
    if (const std::vector<PgColumn>* columns = runner_->CursorColumns(name)) {
      WriteRowDescription(out, *columns, std::vector<int16_t>(columns->size(), 0));
      return true;
    }
    SendError(PgError{"ERROR", sqlstate::kUndefinedCursor, "portal \"" + name + "\" does not exist"});
    return true;
  }
  Portal& portal = found->second;
  if (!RunPortal(portal)) return true;
  if (portal.outcome->returns_rows()) {
    WriteRowDescription(out, portal.outcome->columns(), portal.formats);
  } else {
    WriteNoData(out);
  }
  return true;
}

bool PgConnection::HandleExecute(MessageReader& reader) {
  in_extended_ = true;
  const std::string name(reader.String());
  const int32_t max_rows = reader.Int32();
  if (!reader.finished()) return false;
  auto found = portals_.find(name);
  if (found == portals_.end()) {
    SendError(PgError{"ERROR", sqlstate::kUndefinedCursor, "portal \"" + name + "\" does not exist"});
    return true;
  }
  Portal& portal = found->second;
  if (!RunPortal(portal)) return true;
  const StatementOutcome& outcome = *portal.outcome;
  std::string* out = socket_.output();
  if (outcome.empty_query()) {
    WriteEmptyQueryResponse(out);
    return true;
  }
  if (outcome.copy_out() != nullptr || outcome.copy_in() != nullptr) {
    if (!SendOutcome(outcome)) closing_ = true;
    return true;
  }
  if (!outcome.returns_rows()) {
    WriteCommandComplete(out, outcome.Tag(0));
    return true;
  }
  const int64_t end =
      max_rows > 0 ? std::min<int64_t>(outcome.num_rows(), portal.next_row + max_rows) : outcome.num_rows();
  const int64_t first = portal.next_row;
  for (; portal.next_row < end; ++portal.next_row) {
    Expected<void> written = WriteDataRow(out, outcome, portal.next_row, portal.formats);
    if (!written.ok()) {
      SendError(written.error());
      return true;
    }
    if (!socket_.MaybeFlush()) return true;
  }
  if (portal.next_row < outcome.num_rows()) {
    WriteEmpty(out, 's');  // PortalSuspended: the client may Execute again for more
  } else {
    WriteCommandComplete(out, outcome.Tag(portal.next_row - first));
  }
  return true;
}

bool PgConnection::HandleClose(MessageReader& reader) {
  in_extended_ = true;
  const std::string_view kind = reader.Bytes(1);
  const std::string name(reader.String());
  if (!reader.finished() || (kind != "S" && kind != "P")) return false;
  if (kind == "S") {
    statements_.erase(name);
  } else {
    portals_.erase(name);
  }
  WriteEmpty(socket_.output(), '3');
  return true;
}

void PgConnection::HandleSync() {
  skip_until_sync_ = false;
  in_extended_ = false;
  // Outside a transaction block every portal ends with its implicit transaction, as PostgreSQL's.
  if (runner_->transaction_status() == 'I') {
    portals_.clear();
  } else {
    portals_.erase("");
  }
  SendReadyForQuery();
  (void)socket_.Flush();
}

}  // namespace orbit::server
