#include "common/memory_account.h"

#include <algorithm>

#include "common/memory_size.h"

namespace orbit {

Status OutOfMemoryStatus(const std::bad_alloc& error) {
  if (const auto* exceeded = dynamic_cast<const MemoryLimitExceeded*>(&error)) return exceeded->status();
  return Status::OutOfMemory("no memory left for this statement (the allocator failed)");
}

namespace {

constexpr uint64_t kCreditQuantum = uint64_t{256} << 10;

// Each thread keeps to one credit slot of every account (threads beyond the slots share).
size_t CreditSlotOfThisThread(size_t slots) {
  static std::atomic<size_t> next_thread{0};
  thread_local const size_t thread = next_thread.fetch_add(1, std::memory_order_relaxed);
  return thread % slots;
}

}  // namespace

MemoryAccount::~MemoryAccount() {
  // Whatever is still charged (only unused credit, when every buffer released) leaves the
  // parent too.
  if (parent_ != nullptr) parent_->ReleaseShared(reserved_.load(std::memory_order_relaxed));
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

uint64_t MemoryAccount::Quantum() const {
  const uint64_t limit = this->limit();
  return limit == 0 ? kCreditQuantum : std::min(kCreditQuantum, limit / 64);
}

uint64_t MemoryAccount::UnusedCredit() const {
  uint64_t credit = 0;
  for (const CreditSlot& slot : credit_) credit += slot.bytes.load(std::memory_order_relaxed);
  return credit;
}

uint64_t MemoryAccount::held() const {
  const uint64_t reserved = reserved_.load(std::memory_order_relaxed);
  const uint64_t credit = UnusedCredit();
  return reserved > credit ? reserved - credit : 0;  // the two are read apart: never below 0
}

void MemoryAccount::UpdatePeak() {
  const uint64_t now = held();
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void MemoryAccount::ReclaimCredit() noexcept {
  uint64_t credit = 0;
  for (CreditSlot& slot : credit_) credit += slot.bytes.exchange(0, std::memory_order_relaxed);
  if (credit != 0) ReleaseShared(credit);
}

Status MemoryAccount::ReserveShared(uint64_t bytes) {
  const uint64_t before = reserved_.fetch_add(bytes, std::memory_order_relaxed);
  const uint64_t limit = this->limit();
  if (limit != 0 && before + bytes > limit) {
    reserved_.fetch_sub(bytes, std::memory_order_relaxed);
    return Exceeded(bytes, before);
  }
  if (parent_ != nullptr) {
    Status status = parent_->ReserveShared(bytes);
    if (!status.ok()) {
      reserved_.fetch_sub(bytes, std::memory_order_relaxed);
      return status;
    }
    parent_->UpdatePeak();
  }
  return Status::OK();
}

void MemoryAccount::ReleaseShared(uint64_t bytes) noexcept {
  reserved_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->ReleaseShared(bytes);
}

Status MemoryAccount::TryReserve(uint64_t bytes) {
  const uint64_t quantum = Quantum();
  if (bytes <= quantum) {
    CreditSlot& slot = credit_[CreditSlotOfThisThread(kCreditSlots)];
    uint64_t credit = slot.bytes.load(std::memory_order_relaxed);
    while (credit >= bytes) {
      if (slot.bytes.compare_exchange_weak(credit, credit - bytes, std::memory_order_relaxed)) return Status::OK();
    }
    if (ReserveShared(quantum).ok()) {
      slot.bytes.fetch_add(quantum - bytes, std::memory_order_relaxed);
      UpdatePeak();
      return Status::OK();
    }
  }
  Status status = ReserveShared(bytes);
  if (!status.ok()) {
    ReclaimCredit();
    status = ReserveShared(bytes);
  }
  if (status.ok()) UpdatePeak();
  return status;
}

void MemoryAccount::Reserve(uint64_t bytes) {
  Status status = TryReserve(bytes);
  if (!status.ok()) throw MemoryLimitExceeded(std::move(status));
}

void MemoryAccount::Release(uint64_t bytes) noexcept {
  const uint64_t quantum = Quantum();
  if (bytes > quantum) {
    ReleaseShared(bytes);
    return;
  }
  // Released bytes become this thread's credit; past two quanta, all but one go back.
  CreditSlot& slot = credit_[CreditSlotOfThisThread(kCreditSlots)];
  uint64_t credit = slot.bytes.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  while (credit > 2 * quantum) {
    if (slot.bytes.compare_exchange_weak(credit, quantum, std::memory_order_relaxed)) {
      ReleaseShared(credit - quantum);
      return;
    }
  }
}

}  // namespace orbit
