// The COPY sub-protocol of PgConnection: CopyOutResponse, CopyData, CopyDone for COPY ...
// TO STDOUT; CopyInResponse, then the client's CopyData until CopyDone (or CopyFail) for
// COPY ... FROM STDIN, whose rows go in through StatementRunner::FinishCopyIn.
#include "server/pg_connection.h"
#include "server/result_encoding.h"

namespace orbit::server {

namespace {

constexpr size_t kMaxCopyInBytes = size_t{1} << 30;

void WriteCopyResponse(std::string* out, char type, const StatementOutcome& outcome) {
  MessageWriter message(out, type);
  message.Byte(0);  // text, for the whole copy
  message.Int16(static_cast<int16_t>(outcome.copy_columns()));
  for (int i = 0; i < outcome.copy_columns(); ++i) message.Int16(0);
  message.Finish();
}

}  // namespace

bool PgConnection::SendCopyOut(const StatementOutcome& outcome) {
  std::string* out = socket_.output();
  WriteCopyResponse(out, 'H', outcome);
  for (const std::string& line : *outcome.copy_out()) {
    MessageWriter row(out, 'd');  // one row a message, as PostgreSQL sends them
    row.Bytes(line);
    row.Finish();
    if (!socket_.MaybeFlush()) return false;
  }
  MessageWriter(out, 'c').Finish();
  WriteCommandComplete(out, outcome.Tag(0));
  return true;
}

bool PgConnection::ReceiveCopyIn(const StatementOutcome& outcome) {
  WriteCopyResponse(socket_.output(), 'G', outcome);
  if (!socket_.Flush()) return false;
  std::string data;
  std::optional<PgError> failure;
  FrontendMessage message;
  while (true) {
    const ReadOutcome read = ReadMessage(socket_, &message);
    if (read == ReadOutcome::kClosed) return false;
    if (read != ReadOutcome::kMessage) {
      SendFatal(sqlstate::kProtocolViolation, std::string(DescribeReadFailure(read)));
      return false;
    }
    if (message.type == 'd') {
      if (data.size() + message.body.size() > kMaxCopyInBytes) {
        failure = PgError{"ERROR", "54000", "COPY FROM STDIN takes at most 1 GiB at a time"};
      } else if (!failure) {
        data += message.body;
      }
    } else if (message.type == 'c') {
      break;
    } else if (message.type == 'f') {
      MessageReader reader(message.body);
      failure = PgError{"ERROR", "57014", "COPY from stdin failed: " + std::string(reader.String())};
      break;
    } else if (message.type == 'H' || message.type == 'S') {
      continue;  // Flush and Sync mean nothing during a copy, as in PostgreSQL
    } else if (message.type == 'X') {
      return false;
    } else {
      failure = PgError{"ERROR", sqlstate::kProtocolViolation,
                        std::string("unexpected message type '") + message.type + "' during COPY from stdin"};
      break;
    }
  }
  if (failure) {
    runner_->NoteError();
    SendError(*failure);
    copy_failed_ = true;
    return true;
  }
  Expected<StatementOutcome> copied = runner_->FinishCopyIn(*outcome.copy_in(), data);
  if (!copied.ok()) {
    runner_->NoteError();
    SendError(copied.error());
    copy_failed_ = true;
    return true;
  }
  WriteCommandComplete(socket_.output(), copied->Tag(0));
  return true;
}

}  // namespace orbit::server
