// GroupTable's arrays (keys, hashes, slots) are charged to the memory account current where
// the table was made, grow past memory_limit with the Out of memory error, and give every
// byte back when the table goes.
#include "exec/hash_tables/group_table.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/memory_scope.h"

namespace orbit {
namespace {

// n distinct BIGINT keys and their (distinct) hashes, made before the account under test is
// current, so that only the table is charged to it.
struct Keys {
  explicit Keys(int64_t n) : hashes(n), ids(n) {
    ColumnBuilder builder(DataType::Int64());
    for (int64_t i = 0; i < n; ++i) builder.AppendInt64(i);
    column = builder.Finish();
    for (int64_t i = 0; i < n; ++i) hashes[i] = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull;
  }
  void InsertInto(GroupTable& table) {
    table.FindOrInsert({column->view()}, hashes.data(), column->length(), ids.data());
  }
  ColumnPtr column;
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> ids;
};

TEST(GroupTableTest, ItsArraysAreChargedAndGivenBack) {
  Keys keys(100000);
  auto account = std::make_shared<MemoryAccount>("memory_limit", 0, &MemoryAccount::Process());
  MemoryScope scope(&account);
  {
    GroupTable table({DataType::Int64()});
    keys.InsertInto(table);
    ASSERT_EQ(table.size(), 100000u);
    // keys (8) + hashes (8) + NULL flags (1) per group, two slots (4 each) per group at least.
    EXPECT_GE(account->held(), 100000u * 25);
  }
  EXPECT_EQ(account->held(), 0u);
}

TEST(GroupTableTest, GrowingPastTheLimitIsTheNamedError) {
  Keys keys(1000000);
  auto account = std::make_shared<MemoryAccount>("memory_limit", 1 << 20, &MemoryAccount::Process());
  MemoryScope scope(&account);
  GroupTable table({DataType::Int64()});
  try {
    keys.InsertInto(table);
    FAIL() << "1,000,000 groups fit in 1 MiB";
  } catch (const MemoryLimitExceeded& error) {
    EXPECT_NE(error.status().message().find("memory_limit (1.0 MiB)"), std::string::npos);
  }
}

}  // namespace
}  // namespace orbit
