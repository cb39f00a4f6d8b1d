// Which MemoryAccount the allocations of this thread are charged to. A statement sets its
// own with StatementMemoryScope; code that hands work to other threads (oneTBB tasks, an
// arena) captures CurrentMemoryAccount() where it spawns them and opens a MemoryScope in
// each task, so that a parallel query is charged to its statement like a serial one.
// Outside any scope, allocations are charged to the process account.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "common/memory_account.h"

namespace orbit {

/// The account this thread charges now: the innermost scope's, else the process account.
MemoryAccount& CurrentMemoryAccount();
const std::shared_ptr<MemoryAccount>& CurrentMemoryAccountShared();

/// Charges `bytes` to the current account and returns it, for the release later (which may
/// come on another thread, after the statement). Throws MemoryLimitExceeded over a limit.
std::shared_ptr<MemoryAccount> ChargeCurrentAccount(uint64_t bytes);

/// Makes `account` this thread's current account until the scope ends; null keeps the
/// current one. Scopes nest. The scope keeps a pointer to the caller's shared_ptr (which
/// must outlive it), so a charge copies that pointer instead of locking a weak one.
class MemoryScope {
 public:
  explicit MemoryScope(const std::shared_ptr<MemoryAccount>* account);
  ~MemoryScope();
  MemoryScope(const MemoryScope&) = delete;
  MemoryScope& operator=(const MemoryScope&) = delete;

 private:
  const std::shared_ptr<MemoryAccount>* previous_;
};

/// `fn` made to run under the account current here, for a task another thread runs
/// (tbb::parallel_for's body, an arena's function).
template <typename Fn>
auto UnderCurrentMemoryAccount(Fn fn) {
  return [account = &CurrentMemoryAccountShared(), fn = std::move(fn)](auto&&... args) {
    MemoryScope scope(account);
    return fn(std::forward<decltype(args)>(args)...);
  };
}

/// A statement's own account (memory_limit, charged to the process account too), current on
/// this thread while the scope lasts. The account itself lives on while buffers it was
/// charged for do.
class StatementMemoryScope {
 public:
  explicit StatementMemoryScope(uint64_t limit);
  MemoryAccount& account() { return *account_; }

 private:
  std::shared_ptr<MemoryAccount> account_;
  MemoryScope scope_;
};

}  // namespace orbit
