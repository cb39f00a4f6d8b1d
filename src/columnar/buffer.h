// A contiguous, immutable-once-built block of memory that columns share. Either Orbit
// allocated it (64-byte aligned, as Arrow recommends) or it wraps memory another library
// owns (an imported Arrow array), kept alive until the last reference goes away. What Orbit
// allocates is charged to the thread's MemoryAccount (common/memory_scope.h) and released
// to that same account when the buffer goes, on whichever thread and whenever that is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace orbit {

class MemoryAccount;

class Buffer {
 public:
  static constexpr size_t kAlignment = 64;

  /// Uninitialised memory for `size` bytes (plus padding to a multiple of 64 bytes so
  /// SIMD loads past the end of the last value stay inside the allocation). Throws
  /// std::bad_alloc (MemoryLimitExceeded over a memory limit).
  static std::shared_ptr<Buffer> Allocate(size_t size);
  /// Zero-filled memory for `size` bytes.
  static std::shared_ptr<Buffer> AllocateZeroed(size_t size);
  /// Wraps foreign memory; `release` runs when the buffer is destroyed.
  static std::shared_ptr<Buffer> Wrap(const void* data, size_t size, std::function<void()> release);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  uint8_t* mutable_data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool owned() const { return !release_; }
  /// The account this buffer's memory is charged to; null for wrapped memory.
  const std::shared_ptr<MemoryAccount>& account() const { return account_; }

  /// Grows an Orbit-owned buffer, keeping its contents (used while building columns).
  void Resize(size_t new_size);

 private:
  Buffer() = default;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::function<void()> release_;
  std::shared_ptr<MemoryAccount> account_;  // charged with capacity_ bytes; null for wrapped memory
};

}  // namespace orbit
