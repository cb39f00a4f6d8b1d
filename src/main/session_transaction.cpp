// The session's transaction blocks (main/transaction.h): BEGIN, COMMIT, ROLLBACK,
// savepoints, and what a block does before its statements and its first change.
#include <cctype>
#include <sstream>

#include "main/session.h"
#include "sql/parser/ast.h"

namespace orbit {

namespace {

using Kind = ast::TransactionStatement::Kind;

StatementResult Done() { return StatementResult({}, false, 0); }

Status Aborted() {
  return Status(StatusCode::kTransactionAborted,
                "current transaction is aborted, commands ignored until end of transaction block");
}

Status OutsideBlock(const char* statement) {
  return Status(StatusCode::kNoActiveTransaction, fmt::format("{} can only be used in transaction blocks", statement));
}

Status NoSavepoint(const std::string& name) {
  return Status(StatusCode::kInvalidSavepoint, fmt::format("savepoint \"{}\" does not exist", name));
}

std::string ToUpper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

TransactionState Session::transaction_state() const {
  if (!block_) return TransactionState::kIdle;
  return block_->failed ? TransactionState::kFailed : TransactionState::kInBlock;
}

Catalog& Session::catalog() { return block_ && block_->catalog ? *block_->catalog : database_.catalog(); }

Result<StatementResult> Session::Probe(const std::string& statement_sql,
                                       const std::vector<ParameterValue>& parameters) {
  probing_ = true;
  Result<StatementResult> result = QueryOne(statement_sql, parameters);
  probing_ = false;
  return result;
}

Status Session::ChangeCatalog(const std::function<Status(Catalog&)>& change) {
  if (block_) {
    if (block_->failed) return Aborted();
    Status status = block_->read_only ? ReadOnlyBlockRefuses("REGISTER") : BeginBlockChange();
    if (status.ok()) status = change(*block_->catalog);
    if (!status.ok()) block_->failed = true;
    return status;
  }
  ORBIT_RETURN_IF_ERROR(database_.writer().Acquire(this, /*for_block=*/false, settings_.lock_timeout, interrupt_));
  uint64_t generation = 0;
  std::unique_ptr<Catalog> work = database_.Snapshot(&generation);
  Status status = change(*work);
  if (status.ok()) status = database_.Publish(work->State());
  database_.writer().Release(this);
  return status;
}

void Session::StartBlockStatement() {
  if (block_->snapshot_isolation() && !block_->catalog) {
    block_->catalog = database_.Snapshot(&block_->snapshot_generation);
  }
}

Status Session::BeginBlockChange() {
  if (!block_->holds_writer) {
    ORBIT_RETURN_IF_ERROR(database_.writer().Acquire(this, /*for_block=*/true, settings_.lock_timeout, interrupt_));
    block_->holds_writer = true;
    if (block_->catalog && database_.generation() != block_->snapshot_generation) {
      block_->holds_writer = false;
      database_.writer().Release(this);
      return Status(StatusCode::kSerializationFailure,
                    "could not serialize access due to concurrent update: another session committed a change "
                    "after this transaction's snapshot (a REPEATABLE READ or SERIALIZABLE block may change the "
                    "database only if nothing was committed since its first statement); ROLLBACK and retry");
    }
  }
  // A snapshot block whose first statement is this change copies the catalog under the
  // lock, so nothing can have been committed since.
  if (!block_->catalog) block_->catalog = database_.Snapshot(&block_->snapshot_generation);
  return Status::OK();
}

Status ReadOnlyBlockRefuses(const std::string& statement_sql) {
  // PostgreSQL names the command: its first word, two for CREATE, DROP and ALTER.
  std::istringstream words(statement_sql);
  std::string first, second;
  words >> first >> second;
  std::string command = ToUpper(first);
  if (command == "CREATE" || command == "DROP" || command == "ALTER") command += " " + ToUpper(second);
  return Status(StatusCode::kReadOnlyTransaction, fmt::format("cannot execute {} in a read-only transaction", command));
}

Status Session::EndBlock(bool commit) {
  Status status = Status::OK();
  if (commit && block_->holds_writer && block_->catalog) status = database_.Publish(block_->catalog->State());
  if (block_->holds_writer) database_.writer().Release(this);
  block_.reset();
  return status;
}

Result<StatementResult> Session::RunTransaction(const ast::TransactionStatement& statement) {
  const bool failed = block_ && block_->failed;
  switch (statement.kind) {
    case Kind::kBegin: {
      if (failed) return Aborted();
      ORBIT_ASSIGN_OR_RETURN(IsolationLevel isolation, ParseIsolationLevel(statement.isolation));
      if (block_) return Done();  // PostgreSQL warns "there is already a transaction in progress"
      block_ = std::make_unique<TransactionBlock>();
      block_->isolation = isolation;
      block_->read_only = statement.read_only;
      return Done();
    }
    case Kind::kCommit:
      // Outside a block: PostgreSQL warns "there is no transaction in progress". A failed
      // block's COMMIT rolls it back.
      if (block_) ORBIT_RETURN_IF_ERROR(EndBlock(/*commit=*/!failed));
      return Done();
    case Kind::kRollback:
      if (block_) ORBIT_RETURN_IF_ERROR(EndBlock(/*commit=*/false));
      return Done();
    case Kind::kSavepoint: {
      if (!block_) return OutsideBlock("SAVEPOINT");
      if (failed) return Aborted();
      StartBlockStatement();  // a snapshot block's savepoints always hold its copy
      TransactionBlock::Savepoint savepoint{statement.savepoint, std::nullopt};
      if (block_->catalog) savepoint.state = block_->catalog->State();
      block_->savepoints.push_back(std::move(savepoint));
      return Done();
    }
    case Kind::kRelease: {
      if (!block_) return OutsideBlock("RELEASE SAVEPOINT");
      if (failed) return Aborted();
      TransactionBlock::Savepoint* savepoint = block_->FindSavepoint(statement.savepoint);
      if (!savepoint) return NoSavepoint(statement.savepoint);
      block_->savepoints.erase(block_->savepoints.begin() + (savepoint - block_->savepoints.data()),
                               block_->savepoints.end());
      return Done();
    }
    case Kind::kRollbackTo: {
      if (!block_) return OutsideBlock("ROLLBACK TO SAVEPOINT");
      TransactionBlock::Savepoint* savepoint = block_->FindSavepoint(statement.savepoint);
      if (!savepoint) return NoSavepoint(statement.savepoint);
      if (savepoint->state) {
        block_->catalog->Restore(*savepoint->state);
      } else {
        block_->catalog.reset();  // made before the block's first change: back to reading commits
      }
      block_->savepoints.erase(block_->savepoints.begin() + (savepoint - block_->savepoints.data()) + 1,
                               block_->savepoints.end());
      block_->failed = false;
      return Done();
    }
  }
  return Status::Internal("unknown transaction statement");
}

}  // namespace orbit
