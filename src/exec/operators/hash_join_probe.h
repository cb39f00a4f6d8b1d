// HashJoinProbe: the streaming half of a hash join, in the probe pipeline. For each input
// chunk it hashes the probe keys (hash kernels), walks the build table's chains comparing
// hashes and then keys (strings as views, never copied per row), and emits the matching
// pairs as chunks of at most kVectorSize rows: the probe columns, then the build columns.
// A residual condition (the join's non-equality part) filters the pairs. For a LEFT join,
// probe rows left without a passing pair are emitted once more with NULL build columns.
// NULL keys never match. Many threads probe the same read-only table.
#pragma once

#include <memory>
#include <vector>

#include "exec/join_hash_table.h"
#include "exec/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

class HashJoinProbe final : public Operator {
 public:
  HashJoinProbe(JoinKind kind, std::vector<ExprPtr> keys, ExprPtr residual, std::shared_ptr<JoinHashTable> table,
                double estimated_rows)
      : kind_(kind),
        keys_(std::move(keys)),
        residual_(std::move(residual)),
        table_(std::move(table)),
        estimated_rows_(estimated_rows) {}
  std::string name() const override { return kind_ == JoinKind::kLeft ? "HashJoinProbe LEFT" : "HashJoinProbe"; }
  std::string detail() const override;
  Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) override;
  /// An inner join takes chunks a filter masked (Chunk::row_mask) rather than compacted:
  /// the masked rows read NULL keys, which match nothing, and only matched rows are copied
  /// out. (A LEFT join would emit them as unmatched, so it needs compacted chunks.)
  bool accepts_masked_chunks() const { return kind_ == JoinKind::kInner; }

 private:
  JoinKind kind_;
  std::vector<ExprPtr> keys_;
  ExprPtr residual_;
  std::shared_ptr<JoinHashTable> table_;
  double estimated_rows_;
};

}  // namespace orbit
