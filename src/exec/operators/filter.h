// Filter: keeps the rows of a chunk where the predicate is TRUE, compacting the chunk, or,
// when its consumer accepts masked chunks and most rows pass, masking the others out
// (see Chunk::row_mask). It may also keep only some columns: those the predicate alone
// read are dropped before the rows are copied.
#pragma once

#include "exec/pipeline/pipeline.h"

namespace orbit {

class Filter final : public InPlaceOperator {
 public:
  explicit Filter(ExprPtr predicate) : predicate_(std::move(predicate)) {}
  std::string name() const override { return "Filter"; }
  bool TakesWideChunks() const override { return true; }
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  Status Execute(Chunk& chunk, ExecutionContext& context) override;
  /// The planner calls this when the next stage handles Chunk::row_mask.
  void AllowMasking() { masking_allowed_ = true; }
  /// Outputs only these input columns, in this order.
  void SetOutputColumns(std::vector<int> columns) { output_columns_ = std::move(columns); }
  bool has_output_columns() const { return !output_columns_.empty(); }

 private:
  ExprPtr predicate_;
  bool masking_allowed_ = false;
  std::vector<int> output_columns_;  // empty: all
};

}  // namespace orbit
