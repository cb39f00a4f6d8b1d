// One device's memory for resident pipeline inputs, as one account for the whole process:
// every session on the device reserves from it, so concurrent pipelines together stay
// within the device's budget (ResidentBudget of its total memory), whatever happens to be
// free when a session opens. A session gives back what it reserved when it ends, and a
// reservation whose allocation failed at once.
#pragma once

#include <cstdint>
#include <mutex>

namespace orbit {

class ResidentAccount {
 public:
  explicit ResidentAccount(uint64_t budget) : budget_(budget) {}
  ResidentAccount(const ResidentAccount&) = delete;
  ResidentAccount& operator=(const ResidentAccount&) = delete;

  /// Reserves `bytes`; false (nothing reserved) when they do not fit.
  bool Reserve(uint64_t bytes) {
    std::lock_guard lock(mutex_);
    if (reserved_ + bytes > budget_) return false;
    reserved_ += bytes;
    return true;
  }
  void Release(uint64_t bytes) {
    std::lock_guard lock(mutex_);
    reserved_ -= bytes < reserved_ ? bytes : reserved_;
  }
  uint64_t budget() const { return budget_; }
  uint64_t reserved() const {
    std::lock_guard lock(mutex_);
    return reserved_;
  }

 private:
  const uint64_t budget_;
  mutable std::mutex mutex_;
  uint64_t reserved_ = 0;
};

}  // namespace orbit
