// HashSubqueryJoinProbe: the probe half of the joins decorrelated subqueries become
// (JoinKind kSemi, kAnti, kMark, kSingle), over the same parallel JoinHashTable as an inner
// join, whose build side is the subquery. For each probe row it finds whether (and for
// kSingle, how many) build rows have equal keys and pass the residual condition, and then:
//   kSemi   emits the row if there is one;  kAnti emits it if there is none;
//   kMark   emits every row with a BOOLEAN: TRUE if there is one, else FALSE;
//   kSingle emits the row with its one partner's columns (NULL when none); two partners
//           are an error (a scalar subquery returning more than one row).
// A null-aware kAnti / kMark (NOT IN / IN) follows SQL: with a non-empty build side, a NULL
// probe key or any NULL build key makes "no partner" unknown, so kAnti drops the row and
// kMark gives NULL. NULL keys never match. Many threads probe the same read-only table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/hash_tables/join_hash_table.h"
#include "exec/pipeline/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

class HashSubqueryJoinProbe final : public Operator {
 public:
  HashSubqueryJoinProbe(JoinKind kind, bool null_aware, std::vector<ExprPtr> keys, ExprPtr residual,
                        std::shared_ptr<JoinHashTable> table, double estimated_rows)
      : kind_(kind),
        null_aware_(null_aware),
        keys_(std::move(keys)),
        residual_(std::move(residual)),
        table_(std::move(table)),
        estimated_rows_(estimated_rows) {}
  std::string name() const override;
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) override;

 private:
  /// Every row of `chunk` as an empty build side decides it: kSemi none, kAnti all, kMark all
  /// FALSE, kSingle all with NULL partner columns.
  Status ProcessWithoutPartners(Chunk& chunk, const ChunkConsumer& emit) const;
  /// Per probe row: the number of partners (counted up to 2) and the first one.
  Status CountPartners(const Chunk& chunk, ExpressionEvaluator& evaluator, const std::vector<ColumnView>& keys,
                       const uint64_t* slots, const uint8_t* can_match, uint8_t* partners, uint32_t* first) const;

  JoinKind kind_;
  bool null_aware_;
  std::vector<ExprPtr> keys_;
  ExprPtr residual_;
  std::shared_ptr<JoinHashTable> table_;
  double estimated_rows_;
};

}  // namespace orbit
