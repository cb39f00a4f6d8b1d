// Runs a physical plan's pipelines in order on a TBB arena of the session's thread count,
// placing each pipeline on a device first (DESIGN rule 2). A pipeline whose device fails
// runs again from the start on the CPU (DESIGN rule 4), unless fallback = 'error'; so does
// one that runs past device_timeout. A cancelled statement stops between chunks.
#pragma once

#include <chrono>

#include "common/query_interrupt.h"
#include "common/status.h"
#include "devices/fault_injection.h"
#include "exec/physical_plan/physical_planner.h"
#include "placement/placement.h"

namespace orbit {

struct ExecutionOptions {
  int threads = 0;  // 0 = every core
  std::string device = "auto";
  std::string kernels = "auto";
  std::string fallback = "cpu";                 // "cpu": re-run a failed device pipeline on the CPU; "error": fail
  FaultPlan faults;                             // SET fault_inject, else ORBIT_FAULT_INJECT
  const QueryInterrupt* interrupt = nullptr;    // the statement's cancel and statement_timeout
  std::chrono::milliseconds device_timeout{0};  // a device pipeline past it re-runs on the CPU; 0: none
};

Result<TablePtr> ExecutePlan(PhysicalPlan& plan, const ExecutionOptions& options);

/// The options of the ExecutePlan running on this thread (defaults outside one), for a
/// table source that runs a plan of its own while the scan reading it is produced (a CTE AS
/// MATERIALIZED, WITH RECURSIVE: exec/pipeline/subplan_source.h).
const ExecutionOptions& CurrentExecutionOptions();

/// Places every pipeline without running it (EXPLAIN): no exploration, no probe.
Status PlaceWithoutRunning(PhysicalPlan& plan, const ExecutionOptions& options);

/// Runs `fn` on a TBB arena limited to `threads` workers (0 = default).
void RunWithThreads(int threads, const std::function<void()>& fn);

}  // namespace orbit
