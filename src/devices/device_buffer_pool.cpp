#include "devices/device_buffer_pool.h"

#include <bit>
#include <cstdlib>

namespace orbit {

namespace {
constexpr size_t kSmallestCapacity = 256;
constexpr uint64_t kPoolShareDivisor = 10;
}  // namespace

uint64_t PoolReleaseThreshold(uint64_t device_memory) {
  uint64_t threshold = device_memory / kPoolShareDivisor;
  if (const char* limit = std::getenv("ORBIT_DEVICE_POOL_MB")) {
    char* end = nullptr;
    const unsigned long long mib = std::strtoull(limit, &end, 10);
    if (end != limit && *end == '\0') threshold = static_cast<uint64_t>(mib) << 20;
  }
  return threshold;
}

size_t DeviceBufferPool::Capacity(size_t bytes) {
  return std::bit_ceil(bytes < kSmallestCapacity ? kSmallestCapacity : bytes);
}

void* DeviceBufferPool::Acquire(size_t bytes, const Create& create) {
  const size_t capacity = Capacity(bytes);
  {
    std::lock_guard lock(mutex_);
    auto it = kept_.find(capacity);
    if (it != kept_.end()) {
      void* buffer = it->second;
      kept_.erase(it);
      stats_.kept_bytes -= capacity;
      stats_.reused += 1;
      handed_out_[buffer] = capacity;
      return buffer;
    }
  }
  void* buffer = create(capacity);
  if (buffer == nullptr) {
    // The memory the pool keeps may be what the device lacks.
    Trim(0);
    buffer = create(capacity);
    if (buffer == nullptr) return nullptr;
  }
  std::lock_guard lock(mutex_);
  stats_.allocated += 1;
  handed_out_[buffer] = capacity;
  return buffer;
}

bool DeviceBufferPool::Return(void* buffer) {
  std::unique_lock lock(mutex_);
  auto it = handed_out_.find(buffer);
  if (it == handed_out_.end()) return false;
  const size_t capacity = it->second;
  handed_out_.erase(it);
  if (stats_.kept_bytes + capacity <= threshold_) {
    kept_.emplace(capacity, buffer);
    stats_.kept_bytes += capacity;
    return true;
  }
  stats_.released += 1;
  lock.unlock();
  release_(buffer);
  return true;
}

void DeviceBufferPool::Trim(uint64_t keep_bytes) {
  std::lock_guard lock(mutex_);
  TrimLocked(keep_bytes);
}

void DeviceBufferPool::TrimLocked(uint64_t keep_bytes) {
  while (stats_.kept_bytes > keep_bytes && !kept_.empty()) {
    auto largest = std::prev(kept_.end());
    stats_.kept_bytes -= largest->first;
    stats_.released += 1;
    release_(largest->second);
    kept_.erase(largest);
  }
}

BufferPoolStats DeviceBufferPool::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace orbit
