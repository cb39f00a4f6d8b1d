// HashAggregate's merge of thread-local partial tables: three threads aggregate
// overlapping keys (so every group must be combined across partials), enough groups for
// the partitioned parallel merge; the result must equal a sequential count and sum.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

// DISTINCT states merge their sets of values: a value seen by two threads in one group
// counts once. Both merges: by partitions (many groups) and into one table (few).
void CheckDistinctMerge(int threads, int64_t groups) {
  const DataType bigint = DataType::Int64();
  std::vector<ExprPtr> keys{Expr::ColumnRef(0, bigint, "k")};
  std::vector<AggregateCall> calls(3);
  calls[0].kind = AggregateKind::kCount;
  calls[0].argument = Expr::ColumnRef(1, bigint, "v");
  calls[0].distinct = true;
  calls[0].type = bigint;
  calls[1].kind = AggregateKind::kSum;
  calls[1].argument = Expr::ColumnRef(1, bigint, "v");
  calls[1].distinct = true;
  calls[1].type = DataType::Decimal(38, 0);
  calls[2].kind = AggregateKind::kCountStar;
  calls[2].type = bigint;
  HashAggregate aggregate(keys, calls, {{"k", bigint}, {"c", bigint}, {"s", calls[1].type}, {"n", bigint}});
  aggregate.Prepare(0);
  constexpr int64_t kRowsPerThread = 120000;
  auto key_of = [groups](int t, int64_t i) { return (i * 3 + t * 13) % groups; };
  auto value_of = [](int t, int64_t i) { return (i + t) % 5; };
  std::map<int64_t, std::pair<std::set<int64_t>, int64_t>> expected;
  for (int t = 0; t < threads; ++t) {
    for (int64_t i = 0; i < kRowsPerThread; ++i) {
      auto& [values, count] = expected[key_of(t, i)];
      values.insert(value_of(t, i));
      ++count;
    }
  }
  FeedFromThreads(aggregate, threads, kRowsPerThread, key_of, value_of);
  auto table = aggregate.Finalize();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), static_cast<int64_t>(expected.size()));
  for (const Batch& batch : (*table)->batches()) {
    for (int64_t i = 0; i < batch.length; ++i) {
      const int64_t key = batch.columns[0]->values<int64_t>()[i];
      const auto& [values, count] = expected.at(key);
      int64_t sum = 0;
      for (int64_t v : values) sum += v;
      ASSERT_EQ(batch.columns[1]->values<int64_t>()[i], static_cast<int64_t>(values.size())) << "group " << key;
      ASSERT_EQ(static_cast<int64_t>(batch.columns[2]->values<int128_t>()[i]), sum) << "group " << key;
      ASSERT_EQ(batch.columns[3]->values<int64_t>()[i], count) << "group " << key;
    }
  }
}

// Ordered aggregates keep every row: rows of one group from several threads meet again in
// its sorted run, by either merge.
void CheckOrderedMerge(int threads, int64_t groups) {
  const DataType bigint = DataType::Int64();
  std::vector<ExprPtr> keys{Expr::ColumnRef(0, bigint, "k")};
  std::vector<AggregateCall> calls(2);
  calls[0].kind = AggregateKind::kQuantileDisc;
  calls[0].argument = Expr::ColumnRef(1, bigint, "v");
  calls[0].fraction = 0.5;
  calls[0].type = bigint;
  calls[1].kind = AggregateKind::kQuantileCont;
  calls[1].argument = Expr::ColumnRef(1, bigint, "v");
  calls[1].fraction = 0.25;
  calls[1].type = DataType::Double();
  HashAggregate aggregate(keys, calls, {{"k", bigint}, {"disc", bigint}, {"cont", calls[1].type}});
  aggregate.Prepare(0);
  constexpr int64_t kRowsPerThread = 60000;
  auto key_of = [groups](int t, int64_t i) { return (i * 3 + t * 13) % groups; };
  auto value_of = [](int t, int64_t i) { return (i * 7 + t * 5) % 1000; };
  std::map<int64_t, std::vector<int64_t>> values;
  for (int t = 0; t < threads; ++t) {
    for (int64_t i = 0; i < kRowsPerThread; ++i) values[key_of(t, i)].push_back(value_of(t, i));
  }
  FeedFromThreads(aggregate, threads, kRowsPerThread, key_of, value_of);
  auto table = aggregate.Finalize();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), static_cast<int64_t>(values.size()));
  for (const Batch& batch : (*table)->batches()) {
    for (int64_t i = 0; i < batch.length; ++i) {
      const int64_t key = batch.columns[0]->values<int64_t>()[i];
      std::vector<int64_t> sorted = values.at(key);
      std::sort(sorted.begin(), sorted.end());
      const auto n = static_cast<double>(sorted.size());
      const auto disc = static_cast<size_t>(std::max(1.0, std::ceil(0.5 * n))) - 1;
      const double position = 0.25 * (n - 1);
      const auto lo = static_cast<size_t>(std::floor(position)), hi = static_cast<size_t>(std::ceil(position));
      const double cont = static_cast<double>(sorted[lo]) +
                          (position - static_cast<double>(lo)) * static_cast<double>(sorted[hi] - sorted[lo]);
      ASSERT_EQ(batch.columns[1]->values<int64_t>()[i], sorted[disc]) << "group " << key;
      ASSERT_DOUBLE_EQ(batch.columns[2]->values<double>()[i], cont) << "group " << key;
    }
  }
}

TEST(HashAggregateMergeTest, OrderedRowsMergeByPartitions) { CheckOrderedMerge(3, 40000); }

TEST(HashAggregateMergeTest, OrderedRowsMergeIntoOneTable) { CheckOrderedMerge(2, 50); }

TEST(HashAggregateMergeTest, DistinctValuesMergeByPartitions) { CheckDistinctMerge(3, 70000); }

TEST(HashAggregateMergeTest, DistinctValuesMergeIntoOneTable) { CheckDistinctMerge(2, 100); }

}  // namespace
}  // namespace orbit
