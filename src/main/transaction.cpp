#include "main/transaction.h"

namespace orbit {

Result<IsolationLevel> ParseIsolationLevel(const std::string& name) {
  // PostgreSQL runs READ UNCOMMITTED as READ COMMITTED, which never shows uncommitted rows.
  if (name.empty() || name == "read committed" || name == "read uncommitted") return IsolationLevel::kReadCommitted;
  if (name == "repeatable read") return IsolationLevel::kRepeatableRead;
  if (name == "serializable") return IsolationLevel::kSerializable;
  return Status::InvalidArgument("unknown isolation level \"{}\"", name);
}

TransactionBlock::Savepoint* TransactionBlock::FindSavepoint(const std::string& name) {
  for (auto it = savepoints.rbegin(); it != savepoints.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

}  // namespace orbit
