#include "common/memory_scope.h"

namespace orbit {

namespace {
thread_local MemoryAccount* current_account = nullptr;
}  // namespace

MemoryAccount& CurrentMemoryAccount() {
  return current_account != nullptr ? *current_account : MemoryAccount::Process();
}

std::shared_ptr<MemoryAccount> ChargeCurrentAccount(uint64_t bytes) {
  MemoryAccount& account = CurrentMemoryAccount();
  account.Reserve(bytes);
  return account.shared_from_this();
}

MemoryScope::MemoryScope(MemoryAccount* account) : previous_(current_account) {
  if (account != nullptr) current_account = account;
}

MemoryScope::~MemoryScope() { current_account = previous_; }

StatementMemoryScope::StatementMemoryScope(uint64_t limit)
    : account_(std::make_shared<MemoryAccount>("memory_limit", limit, &MemoryAccount::Process())),
      scope_(account_.get()) {}

}  // namespace orbit
