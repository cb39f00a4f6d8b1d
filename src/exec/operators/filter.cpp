#include "exec/operators/filter.h"

#include "exec/gather.h"

namespace orbit {

Status Filter::Execute(Chunk& chunk, ExecutionContext& context) {
  uint32_t selection[kVectorSize];
  ORBIT_ASSIGN_OR_RETURN(size_t count,
                         context.evaluator->Select(*predicate_, chunk, nullptr, chunk.size, selection));
  if (count == static_cast<size_t>(chunk.size)) return Status::OK();
  const KernelTable& kernels = context.evaluator->kernels();
  for (Vector& column : chunk.columns) {
    column = Vector::Of(GatherColumn(kernels, column.view, selection, count));
  }
  chunk.size = static_cast<int64_t>(count);
  return Status::OK();
}

}  // namespace orbit
