// Turns a logical plan into pipelines: streaming operators (Filter, Projection) join the
// current pipeline; pipeline breakers (aggregation, ORDER BY, LIMIT) end it as its sink,
// and the next pipeline scans the table the sink produced.
#pragma once

#include <memory>
#include <vector>

#include "common/status.h"
#include "exec/pipeline/pipeline.h"
#include "plan/logical_plan.h"

namespace orbit {

struct PhysicalPlan {
  /// Run in order; pipeline i > 0 scans the table pipeline i-1 produced.
  std::vector<std::unique_ptr<Pipeline>> pipelines;
  Schema output;
};

Result<PhysicalPlan> PlanPhysical(const LogicalOperator& root);

}  // namespace orbit
