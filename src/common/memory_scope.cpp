#include "common/memory_scope.h"

namespace orbit {

namespace {
thread_local const std::shared_ptr<MemoryAccount>* current_account = nullptr;
}  // namespace

const std::shared_ptr<MemoryAccount>& CurrentMemoryAccountShared() {
  return current_account != nullptr ? *current_account : MemoryAccount::ProcessShared();
}

MemoryAccount& CurrentMemoryAccount() { return *CurrentMemoryAccountShared(); }

std::shared_ptr<MemoryAccount> ChargeCurrentAccount(uint64_t bytes) {
  const std::shared_ptr<MemoryAccount>& account = CurrentMemoryAccountShared();
  account->Reserve(bytes);
  return account;
}

MemoryScope::MemoryScope(const std::shared_ptr<MemoryAccount>* account) : previous_(current_account) {
  if (account != nullptr) current_account = account;
}

MemoryScope::~MemoryScope() { current_account = previous_; }

StatementMemoryScope::StatementMemoryScope(uint64_t limit)
    : account_(std::make_shared<MemoryAccount>("memory_limit", limit, &MemoryAccount::Process())), scope_(&account_) {}

}  // namespace orbit
