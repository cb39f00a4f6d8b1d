// The database's one writer at a time. A statement that changes the catalog holds it from
// binding to publishing its changes; a transaction block holds it from its first change to
// COMMIT or ROLLBACK, across statements (and threads: a connection may move between them,
// so the lock knows its owner rather than its thread). Readers never take it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "common/query_interrupt.h"
#include "common/status.h"

namespace orbit {

class WriterLock {
 public:
  /// Waits until `owner` holds the lock (at once when it does already). While another
  /// session's transaction block holds it the wait lasts at most `block_timeout` (0: no
  /// limit), then fails with LockNotAvailable; a statement holding it is waited out. A
  /// cancel (`interrupt`) ends the wait too. `for_block`: the owner keeps it past the statement.
  Status Acquire(const void* owner, bool for_block, std::chrono::milliseconds block_timeout,
                 const QueryInterrupt& interrupt);
  /// Lets the next writer in; nothing when `owner` does not hold it.
  void Release(const void* owner);

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  const void* owner_ = nullptr;
  bool held_by_block_ = false;
};

}  // namespace orbit
