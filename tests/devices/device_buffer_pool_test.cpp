// The device buffer pool on fake buffers: a buffer given back is handed out again for a
// call of the same size class, freed memory beyond the threshold goes back to the driver,
// a failed allocation empties the pool and tries again, and buffers that are not the
// pool's are left to their owner.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "devices/device_buffer_pool.h"

namespace orbit {
namespace {

struct FakeDriver {
  std::set<void*> live;
  int failures_to_come = 0;  // while the pool still holds memory
  void* Create(size_t bytes) {
    if (failures_to_come > 0) {
      --failures_to_come;
      return nullptr;
    }
    void* buffer = std::malloc(bytes);
    live.insert(buffer);
    return buffer;
  }
  void Release(void* buffer) {
    live.erase(buffer);
    std::free(buffer);
  }
};

TEST(DeviceBufferPool, ReusesBuffersAndKeepsNoMoreThanItsThreshold) {
  FakeDriver driver;
  {
    DeviceBufferPool pool(4096, [&](void* b) { driver.Release(b); });
    auto create = [&](size_t bytes) { return driver.Create(bytes); };
    EXPECT_EQ(DeviceBufferPool::Capacity(1), 256u);
    EXPECT_EQ(DeviceBufferPool::Capacity(1000), 1024u);
    EXPECT_EQ(DeviceBufferPool::Capacity(1024), 1024u);

    void* a = pool.Acquire(1000, create);
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(pool.Return(a));
    EXPECT_EQ(pool.stats().kept_bytes, 1024u);
    EXPECT_EQ(pool.Acquire(900, create), a) << "same size class: reused";
    EXPECT_EQ(pool.stats().reused, 1);

    void* big = pool.Acquire(3000, create);  // 4096 bytes
    EXPECT_TRUE(pool.Return(a));
    EXPECT_TRUE(pool.Return(big));  // 1024 + 4096 > 4096: released at once
    EXPECT_EQ(pool.stats().kept_bytes, 1024u);
    EXPECT_EQ(pool.stats().released, 1);
    EXPECT_EQ(driver.live.size(), 1u);

    int outside = 0;
    EXPECT_FALSE(pool.Return(&outside)) << "not the pool's";

    pool.Trim(0);
    EXPECT_EQ(pool.stats().kept_bytes, 0u);
    EXPECT_TRUE(driver.live.empty());
  }
  EXPECT_TRUE(driver.live.empty());
}

TEST(DeviceBufferPool, AFailedAllocationEmptiesThePoolAndTriesAgain) {
  FakeDriver driver;
  DeviceBufferPool pool(1 << 20, [&](void* b) { driver.Release(b); });
  auto create = [&](size_t bytes) { return driver.Create(bytes); };
  EXPECT_TRUE(pool.Return(pool.Acquire(512, create)));
  ASSERT_EQ(pool.stats().kept_bytes, 512u);
  driver.failures_to_come = 1;
  void* buffer = pool.Acquire(100000, create);
  EXPECT_NE(buffer, nullptr);
  EXPECT_EQ(pool.stats().kept_bytes, 0u) << "what the pool kept went back first";
  driver.failures_to_come = 2;
  EXPECT_EQ(pool.Acquire(100000, create), nullptr);
  EXPECT_TRUE(pool.Return(buffer));
}

TEST(DeviceBufferPool, ThresholdIsATenthOfTheDevice) {
  if (std::getenv("ORBIT_DEVICE_POOL_MB") != nullptr) GTEST_SKIP() << "ORBIT_DEVICE_POOL_MB sets the threshold";
  EXPECT_EQ(PoolReleaseThreshold(uint64_t{80} << 30), uint64_t{8} << 30);
}

}  // namespace
}  // namespace orbit
