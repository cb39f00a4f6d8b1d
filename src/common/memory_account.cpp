#include "common/memory_account.h"

#include "common/memory_size.h"

namespace orbit {

Status OutOfMemoryStatus(const std::bad_alloc& error) {
  if (const auto* exceeded = dynamic_cast<const MemoryLimitExceeded*>(&error)) return exceeded->status();
  return Status::OutOfMemory("no memory left for this statement (the allocator failed)");
}

MemoryAccount::~MemoryAccount() {
  // Whatever is still charged (nothing, when every buffer released) leaves the parent too.
  if (parent_ != nullptr) parent_->Release(held());
}

const std::shared_ptr<MemoryAccount>& MemoryAccount::ProcessShared() {
  // 80% of physical memory, as DuckDB's default; the rest is left to the system and to the
  // memory Orbit does not account (small objects, strings, the allocator's own overhead).
  static auto* process = new std::shared_ptr<MemoryAccount>(
      std::make_shared<MemoryAccount>("process_memory_limit", PhysicalMemoryBytes() / 5 * 4));
  return *process;
}

MemoryAccount& MemoryAccount::Process() { return *ProcessShared(); }

Status MemoryAccount::Exceeded(uint64_t bytes, uint64_t held_before) const {
  const bool process = parent_ == nullptr;
  return Status::OutOfMemory(
      "{} needs more than {} ({}): it holds {} and asked for {} more. {} (Orbit does not spill to disk yet)",
      process ? "the statements running in this process" : "this statement", setting_, FormatMemorySize(limit()),
      FormatMemorySize(held_before), FormatMemorySize(bytes),
      process ? "Raise it with SET process_memory_limit = '...', or run fewer or smaller statements at once."
              : "Raise it with SET memory_limit = '...' (or SET memory_limit = 0 for none), or make the query "
                "hold less.");
}

Status MemoryAccount::TryReserve(uint64_t bytes) {
  const uint64_t before = held_.fetch_add(bytes, std::memory_order_relaxed);
  const uint64_t limit = this->limit();
  if (limit != 0 && before + bytes > limit) {
    held_.fetch_sub(bytes, std::memory_order_relaxed);
    return Exceeded(bytes, before);
  }
  if (parent_ != nullptr) {
    Status status = parent_->TryReserve(bytes);
    if (!status.ok()) {
      held_.fetch_sub(bytes, std::memory_order_relaxed);
      return status;
    }
  }
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (before + bytes > peak && !peak_.compare_exchange_weak(peak, before + bytes, std::memory_order_relaxed)) {
  }
  return Status::OK();
}

void MemoryAccount::Reserve(uint64_t bytes) {
  Status status = TryReserve(bytes);
  if (!status.ok()) throw MemoryLimitExceeded(std::move(status));
}

void MemoryAccount::Release(uint64_t bytes) noexcept {
  held_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->Release(bytes);
}

}  // namespace orbit
