// The scalar definitions every backend shares (kernel_semantics.h), checked against their
// plainest formulation.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "kernels/kernel_semantics.h"

namespace orbit::kernels {
namespace {

TEST(KernelSemanticsTest, TailWordIsTheZeroPaddedLittleEndianBytes) {
  std::mt19937_64 random(7);
  for (size_t size = 1; size < 8; ++size) {
    for (int trial = 0; trial < 200; ++trial) {
      char bytes[8];
      for (char& b : bytes) b = static_cast<char>(random());
      uint64_t expected = 0;
      std::memcpy(&expected, bytes, size);
      EXPECT_EQ(LoadTailWord(bytes, size), expected) << "size " << size;
    }
  }
}

TEST(KernelSemanticsTest, EqualStringsHashEquallyAndPrefixesDiffer) {
  const std::string text = "the quick brown fox jumps";
  for (size_t size = 0; size <= text.size(); ++size) {
    const std::string copy = text.substr(0, size);
    EXPECT_EQ(HashBytes(text.data(), size), HashBytes(copy.data(), copy.size()));
    if (size > 0) {
      EXPECT_NE(HashBytes(text.data(), size), HashBytes(text.data(), size - 1)) << size;
    }
  }
}

}  // namespace
}  // namespace orbit::kernels
