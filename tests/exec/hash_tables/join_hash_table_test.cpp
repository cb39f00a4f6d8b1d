// JoinHashTable on its own: every non-NULL build row is found by exactly the probes with
// its keys, across several build batches, build ranges and partitions; NULL keys never;
// with keys over a narrow range (indexed by key - min) and over a wide one (hashed).
#include "exec/hash_tables/join_hash_table.h"

#include <gtest/gtest.h>

#include "exec/hash_tables/group_table.h"

namespace orbit {
namespace {

// The build key of row i: 1000 values spread over a narrow or a wide range.
int64_t KeyOf(int64_t i, int64_t spread) { return (i % 1000) * spread - 7; }

// Rows [begin, end): key KeyOf(i) (NULL when i % 97 == 0), payload i.
Batch MakeBatch(int64_t begin, int64_t end, int64_t spread) {
  ColumnBuilder keys(DataType::Int64());
  ColumnBuilder payload(DataType::Varchar());
  for (int64_t i = begin; i < end; ++i) {
    if (i % 97 == 0) {
      keys.AppendNull();
    } else {
      keys.AppendInt64(KeyOf(i, spread));
    }
    payload.AppendString("row" + std::to_string(i));
  }
  return Batch{{keys.Finish(), payload.Finish()}, end - begin};
}

TEST(JoinHashTableTest, FindsEveryRowWithEqualKeysAndNoNullKeys) {
  for (const int64_t spread : {1, 1000003}) {
    for (const KernelTable* kernels : RegisteredKernelBackends()) {
      SCOPED_TRACE(std::string(kernels->backend) + " spread " + std::to_string(spread));
      JoinHashTable table({DataType::Int64()}, Schema{{"payload", DataType::Varchar()}});
      const int64_t rows = 100000;  // several build ranges and all partitions
      ASSERT_TRUE(
          table
              .Build({MakeBatch(0, 40000, spread), MakeBatch(40000, 40000, spread), MakeBatch(40000, rows, spread)},
                     *kernels)
              .ok());
      ASSERT_EQ(table.rows(), rows);
      EXPECT_EQ(table.direct(), spread == 1);

      // Probe every key, the keys just outside the range, a key between two, and a NULL.
      ColumnBuilder builder(DataType::Int64());
      for (int64_t k = -1; k <= 1000; ++k) builder.AppendInt64(k * spread - 7);
      builder.AppendInt64(spread / 2);
      builder.AppendInt64(INT64_MIN);
      builder.AppendInt64(INT64_MAX);
      builder.AppendNull();
      ColumnPtr probe = builder.Finish();
      const int64_t n = probe->length();
      const std::vector<ColumnView> keys{probe->view()};
      std::vector<uint64_t> slots(n);
      std::vector<uint8_t> can_match(n);
      table.Slots(*kernels, keys, n, slots.data(), can_match.data());
      for (int64_t p = 0; p < n; ++p) {
        int64_t found = 0;
        if (can_match[p]) {
          auto [begin, end] = table.Candidates(slots[p]);
          for (uint32_t i = begin; i < end; ++i) {
            if (!table.EntryMatches(i, slots[p], keys, p)) continue;
            const uint32_t row = table.Entry(i);
            EXPECT_EQ(KeyOf(row, spread), probe->values<int64_t>()[p]);
            EXPECT_EQ(table.payload(0).GetString(row), "row" + std::to_string(row));
            ++found;
          }
        }
        int64_t expected = 0;
        if (probe->IsValid(p)) {
          const int64_t key = probe->values<int64_t>()[p];
          for (int64_t i = 0; i < rows; ++i) expected += KeyOf(i, spread) == key && i % 97 != 0;
        }
        ASSERT_EQ(found, expected) << "probe key row " << p;
      }
    }
  }
}

TEST(JoinHashTableTest, EmptyBuildFindsNothing) {
  JoinHashTable table({DataType::Varchar()}, Schema{});
  ASSERT_TRUE(table.Build({}, ReferenceKernels()).ok());
  EXPECT_EQ(table.rows(), 0);
  auto [begin, end] = table.Candidates(12345);
  EXPECT_EQ(begin, end);
}

}  // namespace
}  // namespace orbit
