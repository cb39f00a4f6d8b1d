// HashJoinProbe: the streaming half of a hash join, in the probe pipeline. For each input
// chunk it hashes the probe keys (hash kernels), walks the build table's chains comparing
// hashes and then keys (strings as views, never copied per row), and emits the matching
// pairs as chunks of at most kVectorSize rows: the probe columns, then the build columns.
// A residual condition (the join's non-equality part) filters the pairs. For a LEFT join,
// probe rows left without a passing pair are emitted once more with NULL build columns.
// For a RIGHT or FULL join, the build rows of passing pairs are marked (atomically: many
// threads probe at once), and once every probe row has passed (Finish) the unmarked build
// rows are emitted with NULL probe columns. NULL keys never match.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "exec/hash_tables/join_hash_table.h"
#include "exec/pipeline/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

class HashJoinProbe final : public Operator {
 public:
  /// `probe_types`: the probe input's column types (the NULL columns of unmatched build rows).
  HashJoinProbe(JoinKind kind, std::vector<ExprPtr> keys, ExprPtr residual, std::shared_ptr<JoinHashTable> table,
                std::vector<DataType> probe_types)
      : kind_(kind),
        keys_(std::move(keys)),
        residual_(std::move(residual)),
        table_(std::move(table)),
        probe_types_(std::move(probe_types)) {}
  std::string name() const override;
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) override;
  /// An inner join takes chunks a filter masked (Chunk::row_mask) rather than compacted:
  /// the masked rows read NULL keys, which match nothing, and only matched rows are copied
  /// out. (A LEFT join would emit them as unmatched, so it needs compacted chunks.)
  bool accepts_masked_chunks() const { return kind_ == JoinKind::kInner; }
  void Prepare() override;
  Status Finish(ExecutionContext& context, const ChunkConsumer& emit) override;

 private:
  bool keeps_unmatched_probe() const { return kind_ == JoinKind::kLeft || kind_ == JoinKind::kFull; }
  bool keeps_unmatched_build() const { return kind_ == JoinKind::kRight || kind_ == JoinKind::kFull; }
  // kRightSemi / kRightAnti: probing only marks build rows; Finish emits them.
  bool only_marks_build() const { return kind_ == JoinKind::kRightSemi || kind_ == JoinKind::kRightAnti; }
  bool tracks_build_matches() const { return keeps_unmatched_build() || only_marks_build(); }

  JoinKind kind_;
  std::vector<ExprPtr> keys_;
  ExprPtr residual_;
  std::shared_ptr<JoinHashTable> table_;
  std::vector<DataType> probe_types_;
  std::unique_ptr<std::atomic<uint8_t>[]> build_matched_;  // RIGHT, FULL, RIGHT SEMI/ANTI: per build row
};

}  // namespace orbit
