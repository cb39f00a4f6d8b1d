// Projection: replaces a chunk's columns with expressions computed over them.
#pragma once

#include <vector>

#include "exec/pipeline/pipeline.h"

namespace orbit {

class Projection final : public InPlaceOperator {
 public:
  explicit Projection(std::vector<ExprPtr> expressions) : expressions_(std::move(expressions)) {}
  std::string name() const override { return "Projection"; }
  bool TakesWideChunks() const override { return true; }
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  Status Execute(Chunk& chunk, ExecutionContext& context) override;

 private:
  std::vector<ExprPtr> expressions_;
};

}  // namespace orbit
