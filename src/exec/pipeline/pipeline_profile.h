// What placement needs to know of a pipeline before it runs (placement/cost_model.h): its
// kind (the operators' names), rows, bytes a device would copy, and a rough count of the
// kernel calls each vector makes, by family, as each operator declares them from its bound
// expressions (Operator::kernel_calls, kernel_calls.h). The count only shapes the model;
// the performance database corrects its level.
#pragma once

#include "exec/pipeline/pipeline.h"
#include "placement/cost_model.h"

namespace orbit {

/// `threads` = the session's worker threads (0 = every core).
PipelineProfile ProfilePipeline(Pipeline& pipeline, int threads);

}  // namespace orbit
