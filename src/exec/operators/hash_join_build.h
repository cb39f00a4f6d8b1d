// HashJoinBuild: the sink ending a hash join's build pipeline (a pipeline breaker). Each
// worker keeps its own list of chunks (key columns evaluated, payload materialised), with
// no locks; Finalize builds the shared JoinHashTable from all of them in parallel. The
// probe pipeline, which runs after this one, reads that table (hash_join_probe.h).
#pragma once

#include <memory>
#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "exec/hash_tables/join_hash_table.h"
#include "exec/pipeline/pipeline.h"

namespace orbit {

class HashJoinBuild final : public Sink {
 public:
  /// `keys` are evaluated over the build input; `table` is shared with the probe.
  HashJoinBuild(std::vector<ExprPtr> keys, std::shared_ptr<JoinHashTable> table)
      : keys_(std::move(keys)), table_(std::move(table)) {}
  std::string name() const override { return "HashJoinBuild"; }
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  void Prepare(size_t morsel_count) override;
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  /// Builds the hash table; the pipeline's result is an empty table (nothing scans it).
  Result<TablePtr> Finalize() override;

 private:
  std::vector<ExprPtr> keys_;
  std::shared_ptr<JoinHashTable> table_;
  std::atomic<const KernelTable*> kernels_{nullptr};  // the pipeline's, seen in Consume
  tbb::enumerable_thread_specific<std::vector<Batch>> parts_;
};

}  // namespace orbit
