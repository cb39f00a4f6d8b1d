// Unnest: each input row repeated once per element of its arrays, the elements as new
// columns after the input's (PostgreSQL's set-returning unnest in the select list and in
// LATERAL FROM). Several arrays zip side by side, the shorter padded with NULLs; a row whose
// arrays are all NULL or empty yields no row, or one with NULL elements when `keep_empty`.
#pragma once

#include <vector>

#include "exec/pipeline/pipeline.h"

namespace orbit {

class Unnest final : public Operator {
 public:
  Unnest(std::vector<ExprPtr> arrays, bool keep_empty) : arrays_(std::move(arrays)), keep_empty_(keep_empty) {}
  std::string name() const override { return "Unnest"; }
  std::string detail() const override;
  Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) override;

 private:
  std::vector<ExprPtr> arrays_;
  bool keep_empty_;
};

}  // namespace orbit
