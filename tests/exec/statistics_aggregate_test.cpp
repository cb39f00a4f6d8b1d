// The statistics aggregates' running states merged across thread-local partials: three
// threads aggregate overlapping keys (every group is combined across partials, through
// the partitioned parallel merge), with values of 1e9 plus a small spread; the variances
// must match a two-pass computation over the same values to 1e-12.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "exec/operators/hash_aggregate.h"
#include "parallel_aggregate_feed.h"

namespace orbit {
namespace {

TEST(StatisticsAggregateTest, VariancesMergeAcrossPartialsWithoutLosingDigits) {
  const DataType bigint = DataType::Int64();
  std::vector<ExprPtr> keys{Expr::ColumnRef(0, bigint, "k")};
  std::vector<AggregateCall> calls(2);
  calls[0].kind = AggregateKind::kVarPop;
  calls[1].kind = AggregateKind::kStddevSamp;
  for (AggregateCall& call : calls) {
    call.argument = Expr::ColumnRef(1, bigint, "v");
    call.type = DataType::Double();
  }
  HashAggregate aggregate(keys, calls,
                          {{"k", bigint}, {"var_pop", DataType::Double()}, {"stddev", DataType::Double()}});
  aggregate.Prepare(0);

  constexpr int kThreads = 3;
  constexpr int64_t kRowsPerThread = 120000;
  constexpr int64_t kGroups = 70000;
  constexpr int64_t kBase = 1000000000;
  auto key_of = [](int t, int64_t i) { return (i * 3 + t * 13) % kGroups; };
  auto value_of = [](int t, int64_t i) { return kBase + (i * 7 + t) % 5; };
  std::map<int64_t, std::vector<int64_t>> values;  // key -> its values less kBase
  for (int t = 0; t < kThreads; ++t) {
    for (int64_t i = 0; i < kRowsPerThread; ++i) values[key_of(t, i)].push_back(value_of(t, i) - kBase);
  }

  FeedFromThreads(aggregate, kThreads, kRowsPerThread, key_of, value_of);

  auto table = aggregate.Finalize();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), static_cast<int64_t>(values.size()));
  int64_t checked = 0;
  for (const Batch& batch : (*table)->batches()) {
    const ColumnView k = batch.columns[0]->view(), var = batch.columns[1]->view(), sd = batch.columns[2]->view();
    for (int64_t i = 0; i < batch.length; ++i) {
      const std::vector<int64_t>& group = values.at(k.values<int64_t>()[i]);
      long double mean = 0, squares = 0;
      for (int64_t x : group) mean += x;
      mean /= static_cast<long double>(group.size());
      for (int64_t x : group) squares += (x - mean) * (x - mean);
      const auto n = static_cast<long double>(group.size());
      ASSERT_TRUE(var.IsValid(i));
      EXPECT_NEAR(var.values<double>()[i], static_cast<double>(squares / n), 1e-12);
      if (group.size() > 1) {
        EXPECT_NEAR(sd.values<double>()[i], static_cast<double>(std::sqrt(squares / (n - 1))), 1e-12);
      } else {
        EXPECT_FALSE(sd.IsValid(i));
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, kGroups);
}

}  // namespace
}  // namespace orbit
