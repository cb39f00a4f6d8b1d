// JoinHashTable on its own: every non-NULL build row is found by exactly the probes with
// its keys, across several build batches, build ranges and partitions; NULL keys never.
#include "exec/join_hash_table.h"

#include <gtest/gtest.h>

#include "exec/group_table.h"

namespace orbit {
namespace {

// Rows [begin, end): key i % 1000 (NULL when i % 97 == 0), payload i.
Batch MakeBatch(int64_t begin, int64_t end) {
  ColumnBuilder keys(DataType::Int64());
  ColumnBuilder payload(DataType::Varchar());
  for (int64_t i = begin; i < end; ++i) {
    if (i % 97 == 0) {
      keys.AppendNull();
    } else {
      keys.AppendInt64(i % 1000);
    }
    payload.AppendString("row" + std::to_string(i));
  }
  return Batch{{keys.Finish(), payload.Finish()}, end - begin};
}

TEST(JoinHashTableTest, FindsEveryRowWithEqualKeysAndNoNullKeys) {
  for (const KernelTable* kernels : RegisteredKernelBackends()) {
    SCOPED_TRACE(kernels->backend);
    JoinHashTable table({DataType::Int64()}, Schema{{"payload", DataType::Varchar()}});
    const int64_t rows = 100000;  // several build ranges and all partitions
    ASSERT_TRUE(table.Build({MakeBatch(0, 40000), MakeBatch(40000, 40000), MakeBatch(40000, rows)}, *kernels).ok());
    ASSERT_EQ(table.rows(), rows);

    // Probe keys -1 .. 1000 and a NULL.
    ColumnBuilder builder(DataType::Int64());
    for (int64_t k = -1; k <= 1000; ++k) builder.AppendInt64(k);
    builder.AppendNull();
    ColumnPtr probe = builder.Finish();
    const int64_t n = probe->length();
    std::vector<uint64_t> hashes(n);
    HashKeys(kernels->hash, {probe->view()}, n, hashes.data());
    for (int64_t p = 0; p < n; ++p) {
      int64_t found = 0;
      if (probe->IsValid(p)) {
        auto [begin, end] = table.Candidates(hashes[p]);
        for (uint32_t i = begin; i < end; ++i) {
          if (table.EntryHash(i) != hashes[p] || !table.KeysEqual(table.Entry(i), {probe->view()}, p)) continue;
          const uint32_t row = table.Entry(i);
          EXPECT_EQ(row % 1000, static_cast<uint64_t>(probe->values<int64_t>()[p]));
          EXPECT_EQ(table.payload(0).GetString(row), "row" + std::to_string(row));
          ++found;
        }
      }
      int64_t expected = 0;
      if (probe->IsValid(p)) {
        const int64_t key = probe->values<int64_t>()[p];
        for (int64_t i = 0; i < rows; ++i) expected += i % 1000 == key && i % 97 != 0;
      }
      ASSERT_EQ(found, expected) << "probe key row " << p;
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
