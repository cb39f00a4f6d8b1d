// EXPLAIN and EXPLAIN ANALYZE text: every pipeline with its device, kernels and the reason
// placement gave, and every operator with (after a run) its rows in/out and time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exec/physical_plan/physical_planner.h"

namespace orbit {

/// `peak_memory_bytes`: the most the statement's memory account held (EXPLAIN ANALYZE).
std::vector<std::string> ExplainPlan(const PhysicalPlan& plan, bool analyzed, double total_seconds,
                                     uint64_t peak_memory_bytes = 0);

}  // namespace orbit
