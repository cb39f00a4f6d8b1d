// One account of the memory a statement's operators hold (issue 10): the column buffers
// and hash-table arrays it allocates are charged to the statement's account and to the
// process's, each with its limit (memory_limit, process_memory_limit). A charge that would
// go over a limit fails before anything is allocated, with an Out of memory error naming
// the limit, instead of an allocation failure deep inside an operator. Memory is released
// to the account it was charged to (a buffer keeps its account alive), so a table that
// outlives its statement, kept in the catalog or returned as a result, stays counted
// against the process until it is freed. Nothing spills to disk: over the limit is an
// error.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "common/status.h"

namespace orbit {

/// What a failed charge throws where no Status can be returned (buffer allocation, a
/// vector growing): a std::bad_alloc, so every allocation-failure path catches it, that
/// carries the error naming the limit. OutOfMemoryStatus turns it back into a Status.
class MemoryLimitExceeded : public std::bad_alloc {
 public:
  explicit MemoryLimitExceeded(Status status) : status_(std::move(status)) {}
  const char* what() const noexcept override { return status_.message().c_str(); }
  const Status& status() const { return status_; }

 private:
  Status status_;
};

/// The Out of memory error for a caught std::bad_alloc: the limit's own error when a charge
/// failed, else the allocator ran out.
Status OutOfMemoryStatus(const std::bad_alloc& error);

class MemoryAccount {
 public:
  /// `setting` names the limit in errors ("memory_limit"); `limit` 0 means none. `parent`
  /// is charged with every charge of this one and must outlive it (the process account).
  MemoryAccount(const char* setting, uint64_t limit, MemoryAccount* parent = nullptr)
      : setting_(setting), limit_(limit), parent_(parent) {}
  MemoryAccount(const MemoryAccount&) = delete;
  MemoryAccount& operator=(const MemoryAccount&) = delete;
  ~MemoryAccount();

  /// The process-wide account (process_memory_limit), parent of every statement's. Never
  /// destroyed.
  static MemoryAccount& Process();
  static const std::shared_ptr<MemoryAccount>& ProcessShared();

  /// Charges `bytes` here and to the parents, or charges nothing and returns the Out of
  /// memory error naming the first limit it would pass.
  Status TryReserve(uint64_t bytes);
  /// TryReserve, throwing MemoryLimitExceeded on failure.
  void Reserve(uint64_t bytes);
  /// Gives back bytes a Reserve charged, here and to the parents.
  void Release(uint64_t bytes) noexcept;

  /// What the charges not yet released add up to.
  uint64_t held() const;
  /// The most this account held at once since it was made (or ResetPeak), to within one
  /// credit quantum per thread (see credit_).
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  void ResetPeak() { peak_.store(held(), std::memory_order_relaxed); }
  uint64_t limit() const { return limit_.load(std::memory_order_relaxed); }
  /// A new limit for the charges to come; what is held stays held even when over it.
  void set_limit(uint64_t limit) { limit_.store(limit, std::memory_order_relaxed); }
  const char* setting() const { return setting_; }

 private:
  // Small charges are served from credit: a thread reserves a quantum at once and takes its
  // charges from it, and a release refills it, so that the workers of a parallel query
  // do not all update the shared counters (and the parent's) for every vector's buffer.
  static constexpr size_t kCreditSlots = 16;
  struct alignas(64) CreditSlot {
    std::atomic<uint64_t> bytes{0};
  };

  /// The exact charge of `bytes` to reserved_ and the parents, checked against the limits.
  Status ReserveShared(uint64_t bytes);
  void ReleaseShared(uint64_t bytes) noexcept;
  /// The credit a thread takes at once: 256 KiB, less under a small limit.
  uint64_t Quantum() const;
  /// Every thread's unused credit given back (before a charge is refused, so that credit
  /// held by idle threads never makes a charge fail).
  void ReclaimCredit() noexcept;
  uint64_t UnusedCredit() const;
  void UpdatePeak();
  Status Exceeded(uint64_t bytes, uint64_t held_before) const;

  const char* setting_;
  std::atomic<uint64_t> limit_;
  std::atomic<uint64_t> reserved_{0};  // charged to the parent: what is held plus the unused credit
  std::atomic<uint64_t> peak_{0};
  MemoryAccount* parent_;
  std::array<CreditSlot, kCreditSlots> credit_;
};

}  // namespace orbit
