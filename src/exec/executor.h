// Runs a physical plan's pipelines in order on a TBB arena of the session's thread count,
// placing each pipeline on a device first (DESIGN rule 2).
#pragma once

#include "common/status.h"
#include "plan/physical_planner.h"
#include "placement/placement.h"

namespace orbit {

struct ExecutionOptions {
  int threads = 0;  // 0 = every core
  std::string device = "auto";
  std::string kernels = "auto";
};

Result<TablePtr> ExecutePlan(PhysicalPlan& plan, const ExecutionOptions& options);

/// Runs `fn` on a TBB arena limited to `threads` workers (0 = default).
void RunWithThreads(int threads, const std::function<void()>& fn);

}  // namespace orbit
