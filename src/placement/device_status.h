// Every device as a table, for SQL (SELECT * FROM orbit_devices()) and so for every
// client (Python, HTTP, C++), not only the CLI's `orbit devices`: each device found, with
// whether it takes pipelines now (and why not), whether its figures were measured, how many
// pipeline runs the performance database holds for it, and its circuit breaker; then each
// absent kind with the reason.
#pragma once

#include "columnar/table.h"
#include "functions/table_function.h"

namespace orbit {

/// Columns: device, kind, name, available, reason (why absent or unavailable, such as a lost
/// CUDA context; else NULL), circuit
/// ('closed', 'open', 'half-open'; NULL for the host), failures, times_opened, probes,
/// recoveries, measured_runs, calibrated, link_gb_per_s, launch_us (NULL for the host or
/// an absent kind).
TablePtr DeviceStatusTable();
/// The table's columns, without building it.
Schema DeviceStatusSchema();
/// orbit_devices()'s scan: DeviceStatusTable, built when the scan runs.
TableSourcePtr DeviceStatusSource();

}  // namespace orbit
