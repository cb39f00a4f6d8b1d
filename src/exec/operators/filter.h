// Filter: keeps the rows of a chunk where the predicate is TRUE, compacting the chunk, or,
// when its consumer accepts masked chunks and most rows pass, masking the others out
// (see Chunk::row_mask).
#pragma once

#include "exec/pipeline.h"

namespace orbit {

class Filter final : public InPlaceOperator {
 public:
  explicit Filter(ExprPtr predicate) : predicate_(std::move(predicate)) {}
  std::string name() const override { return "Filter"; }
  std::string detail() const override { return predicate_->ToString(); }
  Status Execute(Chunk& chunk, ExecutionContext& context) override;
  /// The planner calls this when the next stage handles Chunk::row_mask.
  void AllowMasking() { masking_allowed_ = true; }

 private:
  ExprPtr predicate_;
  bool masking_allowed_ = false;
};

}  // namespace orbit
