// HashAggregate's merge of thread-local partial tables: three threads aggregate
// overlapping keys (so every group must be combined across partials), enough groups for
// the partitioned parallel merge; the result must equal a sequential count and sum.
#include <gtest/gtest.h>

#include <map>

#include "exec/operators/hash_aggregate.h"
#include "parallel_aggregate_feed.h"

namespace orbit {
namespace {

TEST(HashAggregateMergeTest, PartialsOfManyThreadsMergeIntoExactGroups) {
  const DataType bigint = DataType::Int64();
  std::vector<ExprPtr> keys{Expr::ColumnRef(0, bigint, "k")};
  std::vector<AggregateCall> calls(2);
  calls[0].kind = AggregateKind::kSum;
  calls[0].argument = Expr::ColumnRef(1, bigint, "v");
  calls[0].type = DataType::Decimal(38, 0);
  calls[1].kind = AggregateKind::kCountStar;
  calls[1].type = bigint;
  HashAggregate aggregate(keys, calls, {{"k", bigint}, {"sum", calls[0].type}, {"count", bigint}});
  aggregate.Prepare(0);

  constexpr int kThreads = 3;
  constexpr int64_t kRowsPerThread = 120000;
  constexpr int64_t kGroups = 70000;
  std::map<int64_t, std::pair<int64_t, int64_t>> expected;                    // key -> (sum, count)
  auto key_of = [](int t, int64_t i) { return (i * 3 + t * 13) % kGroups; };  // 3 is prime to kGroups
  for (int t = 0; t < kThreads; ++t) {
    for (int64_t i = 0; i < kRowsPerThread; ++i) {
      auto& [sum, count] = expected[key_of(t, i)];
      sum += i - t;
      ++count;
    }
  }

  FeedFromThreads(aggregate, kThreads, kRowsPerThread, key_of, [](int t, int64_t i) { return i - t; });

  auto table = aggregate.Finalize();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), static_cast<int64_t>(expected.size()));
  std::map<int64_t, std::pair<int64_t, int64_t>> actual;
  for (const Batch& batch : (*table)->batches()) {
    const ColumnView k = batch.columns[0]->view(), sum = batch.columns[1]->view(), count = batch.columns[2]->view();
    for (int64_t i = 0; i < batch.length; ++i) {
      const int64_t key = k.values<int64_t>()[i];
      EXPECT_EQ(actual.count(key), 0u) << "group " << key << " appears twice";
      actual[key] = {static_cast<int64_t>(sum.values<int128_t>()[i]), count.values<int64_t>()[i]};
    }
  }
  EXPECT_EQ(actual, expected);
}

}  // namespace
}  // namespace orbit
