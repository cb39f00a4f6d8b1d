// PartitionedTopNSink: row_number() OVER (PARTITION BY p ORDER BY o) where only the rows
// numbered <= k are read (LATERAL's ORDER BY ... LIMIT k per outer key, plan/lateral.h), without
// sorting every row. Each worker keeps its own rows and, whenever they grow past twice what
// its last cut kept, cuts them down to the first k of each partition (sorting by p, then o);
// Finalize merges the workers' survivors, cuts once more and numbers each partition's rows
// from 1. The output is the input's columns and the row number, as the window's would be
// for the rows it keeps; memory stays O(threads x partitions x k).
#pragma once

#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "exec/pipeline/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

class PartitionedTopNSink final : public Sink {
 public:
  /// `number` is the row_number() call; `keep` the rows numbered 1..keep kept per partition.
  PartitionedTopNSink(Schema input, WindowCall number, int64_t keep, Schema output);
  std::string name() const override { return "PartitionedTopN"; }
  std::string detail() const override;
  void Prepare(size_t morsel_count) override { partials_.clear(); }
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  Result<TablePtr> Finalize() override;

 private:
  struct Partial {
    std::vector<Batch> batches;
    int64_t rows = 0;
    int64_t kept_at_last_cut = 0;
  };
  /// The rows of `batches` that are among the first `keep_` of their partition, in
  /// (partition, order) order, and each one's number within its partition.
  Result<Batch> Cut(std::vector<Batch>& batches, std::vector<int64_t>* numbers) const;

  Schema input_;
  WindowCall number_;
  int64_t keep_;
  Schema output_;
  std::vector<SortKey> keys_;  // the partition keys (ascending), then the ORDER BY keys
  tbb::enumerable_thread_specific<Partial> partials_;
};

}  // namespace orbit
