// Large blocks (columns and hash tables of millions of rows), reused across queries. A query
// allocates hundreds of megabytes and frees them at its end; fresh memory costs a page fault
// per 4 KiB on first touch (TPC-H Q21 at SF 1 spent a quarter of its time in the kernel's
// fault path). Freed blocks of kLargeBlockBytes or more are kept, up to kRetainedBytes in
// all, and handed out again for requests of their size class (powers of two), already
// mapped: the retention engines built on jemalloc get from its extent cache.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>

#include "common/memory_scope.h"

namespace orbit {

constexpr size_t kLargeBlockBytes = size_t{1} << 21;
constexpr size_t kRetainedBytes = size_t{1} << 30;

/// `bytes` of memory aligned to `alignment` (a power of two, at most 4096); nullptr when out
/// of memory. Release with FreeLarge and the same `bytes`.
void* AllocateLarge(size_t bytes, size_t alignment);
void FreeLarge(void* p, size_t bytes);

/// A std::allocator for vectors that grow large (hash table arrays). What it allocates is
/// charged to the MemoryAccount current where the allocator was made (the vector's
/// statement), and released to it; growing past a memory limit throws MemoryLimitExceeded.
template <typename T>
struct LargeAllocator {
  using value_type = T;
  using propagate_on_container_copy_assignment = std::true_type;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;

  LargeAllocator() : account(ChargeCurrentAccount(0)) {}
  // Copied, never moved: a moved-from vector that grows again still has its account.
  LargeAllocator(const LargeAllocator&) = default;
  LargeAllocator& operator=(const LargeAllocator&) = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>& other) : account(other.account) {}  // NOLINT: converting, as allocators are
  T* allocate(size_t n) {
    if (n > std::numeric_limits<size_t>::max() / sizeof(T)) throw std::bad_alloc();
    account->Reserve(n * sizeof(T));
    void* p = AllocateLarge(n * sizeof(T), alignof(T) < 16 ? 16 : alignof(T));
    if (p == nullptr) {
      account->Release(n * sizeof(T));
      throw std::bad_alloc();
    }
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    FreeLarge(p, n * sizeof(T));
    account->Release(n * sizeof(T));
  }
  template <typename U>
  bool operator==(const LargeAllocator<U>& other) const {
    return account == other.account;
  }

  std::shared_ptr<MemoryAccount> account;
};

}  // namespace orbit
