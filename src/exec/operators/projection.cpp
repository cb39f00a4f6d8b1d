#include "exec/operators/projection.h"

namespace orbit {

std::string Projection::detail() const {
  std::string out;
  for (size_t i = 0; i < expressions_.size(); ++i) {
    if (i) out += ", ";
    out += expressions_[i]->ToString();
  }
  return out;
}

KernelCalls Projection::kernel_calls() const {
  KernelCalls calls;
  calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(expressions_));
  return calls;
}

Status Projection::Execute(Chunk& chunk, ExecutionContext& context) {
  std::vector<Vector> outputs;
  outputs.reserve(expressions_.size());
  for (const auto& e : expressions_) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, context.evaluator->Evaluate(*e, chunk));
    outputs.push_back(std::move(v));
  }
  chunk.columns = std::move(outputs);
  return Status::OK();
}

}  // namespace orbit
