#include "exec/operators/hash_join_build.h"

#include <fmt/format.h>

#include "exec/pipeline/gather.h"

namespace orbit {

std::string HashJoinBuild::detail() const {
  std::string out = "keys: ";
  for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i]->ToString();
  if (keys_.empty()) out += "none (every pair)";
  return out;
}

KernelCalls HashJoinBuild::kernel_calls() const {
  KernelCalls calls;
  calls.Add(KernelFamily::kHash, static_cast<double>(keys_.size()));
  calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(keys_));
  return calls;
}

void HashJoinBuild::Prepare(size_t) { parts_.clear(); }

Status HashJoinBuild::Consume(Chunk& chunk, ExecutionContext& context) {
  kernels_.store(&context.evaluator->kernels(), std::memory_order_relaxed);
  Batch batch;
  batch.length = chunk.size;
  for (const auto& key : keys_) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, context.evaluator->Evaluate(*key, chunk));
    batch.columns.push_back(MaterializeVector(v));
  }
  for (const Vector& v : chunk.columns) batch.columns.push_back(MaterializeVector(v));
  parts_.local().push_back(std::move(batch));
  return Status::OK();
}

Result<TablePtr> HashJoinBuild::Finalize() {
  std::vector<Batch> all;
  for (auto& part : parts_) {
    for (auto& batch : part) all.push_back(std::move(batch));
  }
  parts_.clear();
  ORBIT_RETURN_IF_ERROR(table_->Build(std::move(all), kernels_.load() ? *kernels_.load() : ReferenceKernels()));
  return std::make_shared<Table>("hash join build", table_->payload_schema());
}

}  // namespace orbit
