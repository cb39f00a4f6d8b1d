// TopNSink: ORDER BY ... LIMIT n [OFFSET m] without sorting every row. Each worker keeps
// its own rows and, whenever they grow past a few times n + m, cuts them down to its own
// first n + m by the sort keys (a partial sort); Finalize merges the workers' survivors
// and takes rows m .. m + n of their order. Memory stays O(threads x (n + m)).
#pragma once

#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "exec/pipeline/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

class TopNSink final : public Sink {
 public:
  TopNSink(Schema schema, std::vector<SortKey> keys, int64_t limit, int64_t offset)
      : schema_(std::move(schema)), keys_(std::move(keys)), limit_(limit), offset_(offset) {}
  std::string name() const override { return "TopN"; }
  std::string detail() const override;
  void Prepare(size_t morsel_count) override { partials_.clear(); }
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  Result<TablePtr> Finalize() override;

 private:
  struct Partial {
    std::vector<Batch> batches;
    int64_t rows = 0;
  };
  /// limit + offset, saturated at the largest int64.
  int64_t Kept() const;
  /// Cuts `partial` down to its first limit + offset rows.
  Status Compact(Partial& partial) const;

  Schema schema_;
  std::vector<SortKey> keys_;
  int64_t limit_;
  int64_t offset_;
  tbb::enumerable_thread_specific<Partial> partials_;
};

}  // namespace orbit
