#include "server/pg_connection.h"

#include <algorithm>

#include "server/result_encoding.h"

namespace orbit::server {

namespace {

constexpr int kStartupTimeoutSeconds = 60;

void WriteParameterStatus(std::string* out, const std::string& name, const std::string& value) {
  MessageWriter message(out, 'S');
  message.String(name);
  message.String(value);
  message.Finish();
}

}  // namespace

PgConnection::~PgConnection() {
  if (cancel_key_) state_.cancels.Unregister(*cancel_key_);
}

void PgConnection::Run() {
  // A client has a minute to start up and authenticate (PostgreSQL's authentication_timeout),
  // so that a silent one does not hold its thread; after that it may be idle as long as it likes.
  socket_.SetReadTimeout(kStartupTimeoutSeconds);
  if (!Startup()) return;
  socket_.SetReadTimeout(0);
  FrontendMessage message;
  while (true) {
    const ReadOutcome read = ReadMessage(socket_, &message);
    if (read == ReadOutcome::kClosed) return;
    if (read != ReadOutcome::kMessage) {
      SendFatal(sqlstate::kProtocolViolation, std::string(DescribeReadFailure(read)));
      return;
    }
    if (!HandleMessage(message)) return;
  }
}

bool PgConnection::Startup() {
  std::string body;
  while (true) {
    const ReadOutcome read = ReadStartupPacket(socket_, &body);
    if (read == ReadOutcome::kClosed) return false;
    if (read != ReadOutcome::kMessage || body.size() < 4) {
      SendFatal(sqlstate::kProtocolViolation, "invalid startup packet: " + std::string(DescribeReadFailure(read)));
      return false;
    }
    const int32_t code = ReadBigEndian32(body.data());
    if (code == kSslRequestCode || code == kGssEncRequestCode) {
      if (!AnswerEncryptionRequest(code)) return false;
      continue;
    }
    if (code == kCancelRequestCode) {
      MessageReader reader(std::string_view{body}.substr(4));
      CancelKey key{reader.Int32(), reader.Int32()};
      if (reader.finished()) state_.cancels.Cancel(key);
      return false;  // a cancel request's connection closes without an answer
    }
    if (state_.draining) {
      SendFatal(sqlstate::kCannotConnectNow, "the database system is shutting down");
      return false;
    }
    if ((code >> 16) != 3) {
      SendFatal(sqlstate::kFeatureNotSupported, "unsupported frontend protocol " + std::to_string(code >> 16) + "." +
                                                    std::to_string(code & 0xffff) + ": the server supports 3.0");
      return false;
    }
    break;
  }
  MessageReader reader(std::string_view{body}.substr(4));
  std::map<std::string, std::string> startup;
  std::vector<std::string> unknown_options;
  while (reader.ok()) {
    const std::string name(reader.String());
    if (name.empty()) break;
    std::string value(reader.String());
    if (name.starts_with("_pq_.")) unknown_options.push_back(name);
    startup[name] = std::move(value);
  }
  if (!reader.finished()) {
    SendFatal(sqlstate::kProtocolViolation, "invalid startup packet layout");
    return false;
  }
  const int32_t code = ReadBigEndian32(body.data());
  if ((code & 0xffff) != 0 || !unknown_options.empty()) {
    // NegotiateProtocolVersion: the newest minor version we speak and the options we ignore.
    MessageWriter negotiate(socket_.output(), 'v');
    negotiate.Int32(kProtocolVersion3);
    negotiate.Int32(static_cast<int32_t>(unknown_options.size()));
    for (const std::string& option : unknown_options) negotiate.String(option);
    negotiate.Finish();
  }
  const std::string user = startup.contains("user") ? startup["user"] : "";
  if (user.empty()) {
    SendFatal(sqlstate::kInvalidAuthorization, "no PostgreSQL user name specified in startup packet");
    return false;
  }
  if (state_.options.tls_required && !socket_.tls()) {
    SendFatal(sqlstate::kInvalidAuthorization, "this server requires TLS (tls_required) and user \"" + user +
                                                   "\" connected without it: connect with sslmode=require");
    return false;
  }
  const std::optional<Role> role = Authenticate(user);
  if (!role) return false;
  // Checked once the client proved who it is, as PostgreSQL does, so that no name is told to a stranger.
  const std::string database = startup.contains("database") ? startup["database"] : "";
  if (!database.empty() && database != state_.database_name) {
    SendFatal(sqlstate::kInvalidDatabase,
              "database \"" + database + "\" does not exist (this server serves \"" + state_.database_name + "\")");
    return false;
  }
  {
    Expected<Connection> connected = state_.Connect();
    if (!connected.ok()) {
      SendFatal(SqlStateOf(connected.error()).c_str(), connected.error().message());
      return false;
    }
    connection_.emplace(std::move(*connected));
  }
  parameters_ = std::make_unique<SessionParameters>(user, startup);
  runner_ = std::make_unique<StatementRunner>(*connection_, *parameters_, [this](const std::string& name) {
    if (name.empty()) {
      statements_.clear();
      return true;
    }
    return statements_.erase(name) > 0;
  });
  runner_->set_role(*role);
  runner_->set_metrics(&state_.metrics);
  cancel_key_ = state_.cancels.Register(&*connection_);
  std::string* out = socket_.output();
  WriteAuthentication(out, kAuthenticationOk);
  for (const auto& [name, value] : parameters_->Reported()) WriteParameterStatus(out, name, value);
  MessageWriter key(out, 'K');
  key.Int32(cancel_key_->process_id);
  key.Int32(cancel_key_->secret);
  key.Finish();
  SendReadyForQuery();
  return socket_.Flush();
}

bool PgConnection::AnswerEncryptionRequest(int32_t code) {
  if (socket_.tls()) {
    SendFatal(sqlstate::kProtocolViolation, "an SSLRequest or GSSENCRequest after TLS was negotiated");
    return false;
  }
  const bool tls = code == kSslRequestCode && state_.tls != nullptr;
  socket_.output()->push_back(tls ? 'S' : 'N');  // 'N': the client goes on in the clear (or tries TLS after GSSAPI)
  if (!socket_.Flush()) return false;
  return !tls || socket_.StartTls(state_.tls->get());  // a failed handshake: nothing more to say
}

bool PgConnection::HandleMessage(const FrontendMessage& message) {
  MessageReader reader(message.body);
  if (message.type == 'X') return false;
  // A draining server runs nothing new; the statements already running finish (pg_server.cpp).
  if (state_.draining && (message.type == 'Q' || message.type == 'P' || message.type == 'E')) {
    SendFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
    return false;
  }
  if (skip_until_sync_ && message.type != 'S') return true;
  bool well_formed = true;
  switch (message.type) {
    case 'Q': well_formed = HandleQuery(reader); break;
    case 'P': well_formed = HandleParse(reader); break;
    case 'B': well_formed = HandleBind(reader); break;
    case 'D': well_formed = HandleDescribe(reader); break;
    case 'E': well_formed = HandleExecute(reader); break;
    case 'C': well_formed = HandleClose(reader); break;
    case 'S': HandleSync(); break;
    case 'H': return socket_.Flush();
    case 'd':
    case 'c':
    case 'f': break;  // copy data outside a COPY is ignored, as PostgreSQL does
    case 'F':
      SendError(PgError{"ERROR", sqlstate::kFeatureNotSupported, "the fastpath function call is not supported"});
      break;
    default:
      SendFatal(sqlstate::kProtocolViolation, "invalid frontend message type " + std::to_string(message.type));
      return false;
  }
  if (!well_formed) {
    SendFatal(sqlstate::kProtocolViolation,
              std::string("invalid message format (message type '") + message.type + "')");
    return false;
  }
  return !closing_ && socket_.MaybeFlush();
}

bool PgConnection::HandleQuery(MessageReader& reader) {
  const std::string sql(reader.String());
  if (!reader.finished()) return false;
  in_extended_ = false;
  Expected<std::vector<std::string>> statements = Connection::SplitStatements(sql);
  if (!statements.ok()) {
    SendError(statements.error());
  } else {
    bool any = false;
    for (const std::string& statement : *statements) {
      if (Tokenize(statement, 1).empty() && !(statements->size() == 1)) continue;  // a comment between statements
      any = true;
      Expected<StatementOutcome> outcome = runner_->Run(statement, {});
      if (!outcome.ok()) {
        runner_->NoteError();
        SendPendingStatus();
        SendError(outcome.error());
        break;  // an error stops the rest of the string, as PostgreSQL's
      }
      copy_failed_ = false;
      if (!SendOutcome(*outcome) || !socket_.MaybeFlush()) {
        closing_ = true;
        return true;
      }
      if (copy_failed_) break;
    }
    if (!any) WriteEmptyQueryResponse(socket_.output());
  }
  SendReadyForQuery();
  (void)socket_.Flush();
  return true;
}

bool PgConnection::SendOutcome(const StatementOutcome& outcome) {
  std::string* out = socket_.output();
  SendPendingStatus();
  if (outcome.empty_query()) {
    WriteEmptyQueryResponse(out);
    return true;
  }
  if (outcome.copy_out() != nullptr) return SendCopyOut(outcome);
  if (outcome.copy_in() != nullptr) return ReceiveCopyIn(outcome);
  if (outcome.returns_rows()) {
    const std::vector<int16_t> text(outcome.columns().size(), 0);
    WriteRowDescription(out, outcome.columns(), text);
    for (int64_t row = 0; row < outcome.num_rows(); ++row) {
      (void)WriteDataRow(out, outcome, row, text);  // text never fails
      if (!socket_.MaybeFlush()) return false;
    }
  }
  WriteCommandComplete(out, outcome.Tag(outcome.num_rows()));
  return true;
}

void PgConnection::SendPendingStatus() {
  if (!runner_) return;
  for (const PgError& notice : runner_->TakeNotices()) WriteNoticeResponse(socket_.output(), notice);
  for (const auto& [name, value] : parameters_->TakeChanges()) WriteParameterStatus(socket_.output(), name, value);
}

void PgConnection::SendReadyForQuery() {
  SendPendingStatus();
  MessageWriter message(socket_.output(), 'Z');
  message.Byte(runner_ ? runner_->transaction_status() : 'I');
  message.Finish();
}

void PgConnection::SendError(const PgError& error) {
  SendPendingStatus();
  WriteErrorResponse(socket_.output(), error);
  if (in_extended_) skip_until_sync_ = true;
}

void PgConnection::SendFatal(const char* sqlstate, const std::string& message) {
  WriteErrorResponse(socket_.output(), PgError{"FATAL", sqlstate, message});
  (void)socket_.Flush();
}

}  // namespace orbit::server
