// Memory sizes as the memory settings spell them: PostgreSQL's units (powers of 1024),
// their IEC names, a share of physical memory, and 0 for none; printed back in a form SET
// reads again.
#include "common/memory_size.h"

#include <gtest/gtest.h>

namespace orbit {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

TEST(MemorySizeTest, ParsesPostgresAndIecUnits) {
  EXPECT_EQ(*ParseMemorySize("512MB", "x"), 512 * kMiB);
  EXPECT_EQ(*ParseMemorySize("512 mib", "x"), 512 * kMiB);
  EXPECT_EQ(*ParseMemorySize("1GiB", "x"), 1024 * kMiB);
  EXPECT_EQ(*ParseMemorySize(" 1gb ", "x"), 1024 * kMiB);
  EXPECT_EQ(*ParseMemorySize("1.5GB", "x"), 1536 * kMiB);
  EXPECT_EQ(*ParseMemorySize("64kB", "x"), 64 * 1024u);
  EXPECT_EQ(*ParseMemorySize("2TB", "x"), 2 * kMiB * kMiB);
  EXPECT_EQ(*ParseMemorySize("100B", "x"), 100u);
  EXPECT_EQ(*ParseMemorySize("100 bytes", "x"), 100u);
  EXPECT_EQ(*ParseMemorySize("0", "x"), 0u);
  EXPECT_EQ(*ParseMemorySize("0MB", "x"), 0u);
}

TEST(MemorySizeTest, PercentIsAShareOfPhysicalMemory) {
  const uint64_t physical = PhysicalMemoryBytes();
  ASSERT_GT(physical, 0u);
  EXPECT_EQ(*ParseMemorySize("100%", "x"), physical);
  const uint64_t share = *ParseMemorySize("80%", "x");
  EXPECT_NEAR(static_cast<double>(share), 0.8 * static_cast<double>(physical), 1.0);
}

TEST(MemorySizeTest, RejectsWhatIsNotASize) {
  for (const char* bad : {"", "MB", "-1MB", "1024", "5 parsecs", "101%", "1e30TB", "nan", "inf GB"}) {
    Result<uint64_t> parsed = ParseMemorySize(bad, "memory_limit");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find("memory_limit must be a memory size such as '512MB'"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(MemorySizeTest, PrintsInTheLargestBinaryUnit) {
  EXPECT_EQ(FormatMemorySize(0), "0");
  EXPECT_EQ(FormatMemorySize(512), "512 bytes");
  EXPECT_EQ(FormatMemorySize(1024), "1.0 KiB");
  EXPECT_EQ(FormatMemorySize(1536 * kMiB), "1.5 GiB");
  EXPECT_EQ(FormatMemorySize(kMiB), "1.0 MiB");
  // What SHOW prints, SET reads back.
  for (uint64_t bytes : {uint64_t{512}, kMiB, 1536 * kMiB, 3 * kMiB * kMiB}) {
    EXPECT_EQ(*ParseMemorySize(FormatMemorySize(bytes), "x"), bytes) << bytes;
  }
}

}  // namespace
}  // namespace orbit
