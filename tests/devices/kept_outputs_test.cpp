// KeptOutputs, the bookkeeping every accelerator session uses to keep kernel outputs on
// the device: only the latest call's offers of this thread can be kept, a kept copy is
// found for any range inside its host buffer, and every device buffer is released exactly
// once: when dropped, when its host buffer is gone, or at the end.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "devices/kept_outputs.h"

namespace orbit {
namespace {

// Fake device buffers: distinct addresses, released into a set (twice fails the test).
struct FakeDevice {
  int buffers[8] = {};
  std::multiset<void*> released;
  KeptOutputs::Release releaser() {
    return [this](void* b) { released.insert(b); };
  }
  void* buffer(int i) { return &buffers[i]; }
};

TEST(KeptOutputsTest, KeepsOnlyTheBufferTheExecutorTurnedIntoAColumn) {
  FakeDevice device;
  KeptOutputs kept(device.releaser());
  auto column = Buffer::Allocate(800);
  auto scratch = Buffer::Allocate(64);
  kept.OfferOutputs({{column->data(), 800, device.buffer(0)}, {scratch->data(), 64, device.buffer(1)}});
  kept.Keep(column);
  // A range inside the kept buffer is found at its offset; one reaching past it is not.
  KeptOutputs::Found found = kept.Find(column->data() + 80, 160);
  EXPECT_EQ(found.device_buffer, device.buffer(0));
  EXPECT_EQ(found.offset, 80u);
  EXPECT_EQ(kept.Find(column->data() + 80, 800).device_buffer, nullptr);
  EXPECT_EQ(kept.Find(scratch->data(), 64).device_buffer, nullptr);
  // The next call of the thread drops the offer nobody kept.
  kept.DropOffers();
  EXPECT_EQ(device.released, std::multiset<void*>{device.buffer(1)});
  kept.ReleaseAll();
  EXPECT_EQ(device.released, (std::multiset<void*>{device.buffer(0), device.buffer(1)}));
  kept.ReleaseAll();  // nothing is released twice
  EXPECT_EQ(device.released.size(), 2u);
}

TEST(KeptOutputsTest, ABufferOfADifferentSizeOrAnOlderCallIsNotKept) {
  FakeDevice device;
  KeptOutputs kept(device.releaser());
  auto column = Buffer::Allocate(800);
  kept.OfferOutputs({{column->data(), 400, device.buffer(0)}});  // only part was read back
  kept.Keep(column);
  EXPECT_EQ(kept.Find(column->data(), 8).device_buffer, nullptr);
  auto later = Buffer::Allocate(16);
  kept.OfferOutputs({{later->data(), 16, device.buffer(1)}});  // a newer call replaces the offers
  EXPECT_EQ(device.released.count(device.buffer(0)), 1u);
  kept.Keep(later);
  EXPECT_EQ(kept.Find(later->data(), 16).device_buffer, device.buffer(1));
}

TEST(KeptOutputsTest, ACopyDiesWithItsHostBuffer) {
  FakeDevice device;
  KeptOutputs kept(device.releaser());
  auto column = Buffer::Allocate(256);
  const uint8_t* address = column->data();
  kept.OfferOutputs({{address, 256, device.buffer(0)}});
  kept.Keep(column);
  column.reset();
  // Freed: never found again, even if the address were reused.
  EXPECT_EQ(kept.Find(address, 8).device_buffer, nullptr);
  // The next Keep releases it.
  auto other = Buffer::Allocate(32);
  kept.Keep(other);
  EXPECT_EQ(device.released, std::multiset<void*>{device.buffer(0)});
}

TEST(KeptOutputsTest, OffersBelongToTheThreadThatMadeThem) {
  FakeDevice device;
  KeptOutputs kept(device.releaser());
  auto column = Buffer::Allocate(128);
  std::thread([&] { kept.OfferOutputs({{column->data(), 128, device.buffer(0)}}); }).join();
  kept.Keep(column);  // this thread offered nothing
  EXPECT_EQ(kept.Find(column->data(), 128).device_buffer, nullptr);
  kept.DropOffers();  // nor are the other thread's offers this thread's to drop
  EXPECT_TRUE(device.released.empty());
  kept.ReleaseAll();
  EXPECT_EQ(device.released, std::multiset<void*>{device.buffer(0)});
}

}  // namespace
}  // namespace orbit
