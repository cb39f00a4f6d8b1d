// Filter: keeps the rows of a chunk where the predicate is TRUE, compacting the chunk.
#pragma once

#include "exec/pipeline.h"

namespace orbit {

class Filter final : public InPlaceOperator {
 public:
  explicit Filter(ExprPtr predicate) : predicate_(std::move(predicate)) {}
  std::string name() const override { return "Filter"; }
  std::string detail() const override { return predicate_->ToString(); }
  Status Execute(Chunk& chunk, ExecutionContext& context) override;

 private:
  ExprPtr predicate_;
};

}  // namespace orbit
