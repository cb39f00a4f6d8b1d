// Large blocks: small ones come from malloc; freed large ones are handed out again for a
// request of the same size class (already mapped), never to two holders at once.
#include "common/large_allocation.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace orbit {
namespace {

#if !defined(__SANITIZE_ADDRESS__)
TEST(LargeAllocationTest, FreedLargeBlocksAreReusedForTheirSizeClass) {
  const size_t bytes = 3 * kLargeBlockBytes;  // size class 4 * kLargeBlockBytes
  void* first = AllocateLarge(bytes, 64);
  ASSERT_NE(first, nullptr);
  std::memset(first, 1, bytes);
  FreeLarge(first, bytes);
  void* again = AllocateLarge(bytes + 1000, 64);  // same class
  EXPECT_EQ(again, first);
  void* other = AllocateLarge(bytes, 64);  // the retained one is taken: a new block
  EXPECT_NE(other, again);
  std::memset(other, 2, bytes);
  FreeLarge(again, bytes + 1000);
  FreeLarge(other, bytes);
}
#endif

TEST(LargeAllocationTest, VectorsWithTheAllocatorHoldTheirValues) {
  std::vector<uint64_t, LargeAllocator<uint64_t>> big(kLargeBlockBytes, 7);  // 16 MiB
  std::vector<uint32_t, LargeAllocator<uint32_t>> small(10, 3);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(big.data()) % 64, 0u);
  big.resize(big.size() * 2, 9);
  EXPECT_EQ(big[0], 7u);
  EXPECT_EQ(big.back(), 9u);
  EXPECT_EQ(small[9], 3u);
}

}  // namespace
}  // namespace orbit
