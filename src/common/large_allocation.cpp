#include "common/large_allocation.h"

#include <bit>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace orbit {

namespace {

// Blocks of 2^c bytes kept for reuse, per c; their total size.
struct RetainedBlocks {
  std::mutex mutex;
  std::vector<void*> by_class[64];
  size_t bytes = 0;
};

RetainedBlocks& Retained() {
  static auto* retained = new RetainedBlocks();  // never destroyed: frees may come at exit
  return *retained;
}

size_t SizeClass(size_t bytes) { return static_cast<size_t>(std::countr_zero(std::bit_ceil(bytes))); }

constexpr size_t kLargeAlignment = 4096;

// Under AddressSanitizer every block goes back to the allocator, so that a use after free
// is still caught.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kRetainLimit = 0;
#else
constexpr size_t kRetainLimit = kRetainedBytes;
#endif

}  // namespace

void* AllocateLarge(size_t bytes, size_t alignment) {
  if (bytes < kLargeBlockBytes) return std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
  const size_t size_class = SizeClass(bytes);
  {
    RetainedBlocks& retained = Retained();
    std::lock_guard lock(retained.mutex);
    std::vector<void*>& blocks = retained.by_class[size_class];
    if (!blocks.empty()) {
      void* p = blocks.back();
      blocks.pop_back();
      retained.bytes -= size_t{1} << size_class;
      return p;
    }
  }
  return std::aligned_alloc(kLargeAlignment, size_t{1} << size_class);
}

void FreeLarge(void* p, size_t bytes) {
  if (p == nullptr) return;
  if (bytes < kLargeBlockBytes) {
    std::free(p);
    return;
  }
  const size_t size_class = SizeClass(bytes);
  RetainedBlocks& retained = Retained();
  {
    std::lock_guard lock(retained.mutex);
    if (retained.bytes + (size_t{1} << size_class) <= kRetainLimit) {
      retained.by_class[size_class].push_back(p);
      retained.bytes += size_t{1} << size_class;
      return;
    }
  }
  std::free(p);
}

}  // namespace orbit
