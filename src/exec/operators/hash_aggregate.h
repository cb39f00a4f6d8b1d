// HashAggregate: GROUP BY with thread-local partial tables (each worker aggregates its
// morsels into its own GroupTable and states, no locks), merged at the end: into one
// table when there are few groups, else in parallel, by partitions of the key hashes
// (each partition's groups from every partial merged by one task, into its own batch).
// Output: the group keys, then the aggregates, one row per group (one row in all when
// there is no GROUP BY, even over no input).
#pragma once

#include <memory>
#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "exec/hash_tables/group_table.h"
#include "exec/operators/aggregate_state.h"
#include "exec/pipeline/pipeline.h"

namespace orbit {

class HashAggregate final : public Sink {
 public:
  HashAggregate(std::vector<ExprPtr> keys, std::vector<AggregateCall> aggregates, Schema output);
  std::string name() const override { return keys_.empty() ? "Aggregate" : "HashAggregate"; }
  bool TakesWideChunks() const override { return true; }
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  /// Drops partial states of an earlier, failed run (a device pipeline re-run on the CPU).
  void Prepare(size_t morsel_count) override { partials_.clear(); }
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  Result<TablePtr> Finalize() override;
  /// Grouped aggregation takes masked chunks (Chunk::row_mask) in stride.
  bool accepts_masked_chunks() const { return !keys_.empty(); }

 private:
  struct Partial {
    GroupTable groups;
    std::vector<AggregateState> states;
  };
  std::unique_ptr<Partial> NewPartial() const;
  /// The output rows of one merged partial: keys, then the aggregates.
  Result<Batch> OutputOf(Partial& total) const;
  Result<TablePtr> FinalizePartitioned(std::vector<std::unique_ptr<Partial>> partials) const;

  std::vector<ExprPtr> keys_;
  std::vector<AggregateCall> aggregates_;
  // Aggregates that need the same running state share one: SUM(x) and AVG(x) both keep x's
  // sum and count (TPC-H Q1 asks for both of three columns), and a repeated call is
  // computed once. state_calls_[s] is what state s accumulates; state_of_[i] is the state
  // aggregate i reads.
  std::vector<AggregateCall> state_calls_;
  std::vector<size_t> state_of_;
  Schema output_;
  tbb::enumerable_thread_specific<std::unique_ptr<Partial>> partials_;
};

}  // namespace orbit
