// For the hash aggregation tests: feeds a HashAggregate from several threads at once, each
// thread's rows (key, value) as BIGINT chunks of the vector size, so every group is built in
// several thread-local partials that Finalize must merge.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <thread>
#include <vector>

#include "exec/operators/hash_aggregate.h"

namespace orbit {

/// Runs `threads` threads, thread t consuming rows i in [0, rows_per_thread) with key
/// key_of(t, i) and value value_of(t, i); fails the test on any Consume error.
inline void FeedFromThreads(HashAggregate& aggregate, int threads, int64_t rows_per_thread,
                            const std::function<int64_t(int, int64_t)>& key_of,
                            const std::function<int64_t(int, int64_t)>& value_of) {
  const DataType bigint = DataType::Int64();
  std::vector<Status> results(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      ExpressionEvaluator evaluator(ReferenceKernels());
      ExecutionContext context{&evaluator, 0};
      for (int64_t begin = 0; begin < rows_per_thread && results[t].ok(); begin += kVectorSize) {
        const int64_t n = std::min(kVectorSize, rows_per_thread - begin);
        auto k = Column::Allocate(bigint, n);
        auto v = Column::Allocate(bigint, n);
        for (int64_t i = 0; i < n; ++i) {
          k->mutable_values<int64_t>()[i] = key_of(t, begin + i);
          v->mutable_values<int64_t>()[i] = value_of(t, begin + i);
        }
        Chunk chunk;
        chunk.size = n;
        chunk.columns = {Vector::Of(k), Vector::Of(v)};
        results[t] = aggregate.Consume(chunk, context);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (const Status& s : results) ASSERT_TRUE(s.ok()) << s.ToString();
}

}  // namespace orbit
