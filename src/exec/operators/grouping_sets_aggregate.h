// GroupingSetsAggregate: GROUP BY GROUPING SETS / ROLLUP / CUBE, and GROUPING(). One hash
// aggregation per grouping set (each a parallel HashAggregate over that set's keys), fed the
// same chunks in one pass over the input; the output is every set's groups, in set order,
// with the keys the set leaves out NULL and each GROUPING(...) the bits of the keys it names
// that the set leaves out (PostgreSQL's order: the first key is the highest bit).
#pragma once

#include <memory>
#include <vector>

#include "exec/operators/hash_aggregate.h"

namespace orbit {

class GroupingSetsAggregate final : public Sink {
 public:
  GroupingSetsAggregate(std::vector<ExprPtr> keys, std::vector<AggregateCall> aggregates,
                        std::vector<std::vector<int>> sets, Schema output);
  std::string name() const override { return "GroupingSetsAggregate"; }
  bool TakesWideChunks() const override { return true; }
  std::string detail() const override;
  /// The sets' calls together; the CPU runs them (one pass feeding several tables).
  KernelCalls kernel_calls() const override;
  void Prepare(size_t morsel_count) override;
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  Result<TablePtr> Finalize() override;

 private:
  std::vector<ExprPtr> keys_;
  std::vector<AggregateCall> aggregates_;
  std::vector<std::vector<int>> sets_;
  Schema output_;
  std::vector<std::unique_ptr<HashAggregate>> per_set_;
  // aggregate_column_[i]: aggregate i's column in a set's output after its keys, or -1 for GROUPING.
  std::vector<int> aggregate_column_;
};

}  // namespace orbit
