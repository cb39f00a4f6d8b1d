#include "main/writer_lock.h"

namespace orbit {

Status WriterLock::Acquire(const void* owner, bool for_block, std::chrono::milliseconds block_timeout,
                           const QueryInterrupt& interrupt) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::unique_lock lock(mutex_);
  while (owner_ != nullptr && owner_ != owner) {
    // Woken at least every 20 ms: a cancel sets a flag and cannot notify.
    released_.wait_for(lock, std::chrono::milliseconds(20));
    if (owner_ == nullptr || owner_ == owner) break;
    ORBIT_RETURN_IF_ERROR(interrupt.Check());
    if (held_by_block_ && block_timeout.count() > 0 && Clock::now() - start >= block_timeout) {
      return Status(StatusCode::kLockNotAvailable,
                    fmt::format("could not obtain the database's write lock: another session's transaction block "
                                "has changed the database and holds it until its COMMIT or ROLLBACK (waited {} ms, "
                                "lock_timeout)",
                                block_timeout.count()));
    }
  }
  if (owner_ == nullptr) {
    owner_ = owner;
    held_by_block_ = for_block;
  } else {
    held_by_block_ = held_by_block_ || for_block;
  }
  return Status::OK();
}

void WriterLock::Release(const void* owner) {
  {
    std::lock_guard lock(mutex_);
    if (owner_ != owner) return;
    owner_ = nullptr;
    held_by_block_ = false;
  }
  released_.notify_all();
}

}  // namespace orbit
