// `orbit calibrate`: measures each device's figures for the cost model (device_figures.h):
// launch latency (a one-row kernel call), per-row cost of the main kernels (filter,
// arithmetic, sum, grouped aggregate, hash: int64 columns, the most common in analytic
// data, one thread on the host, the whole device on an accelerator), memory bandwidth
// (what the sum streams), host->device copy bandwidth (a column's first, copying, read
// minus a later read of the copy) and setup (the device's first kernel in the process).
// Medians of repeated runs; each measurement runs the real kernels through a real device
// session, so the figures are what a pipeline meets.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "devices/device.h"
#include "kernels/kernel_table.h"
#include "placement/device_figures.h"

namespace orbit {

struct CalibrationOptions {
  int64_t rows = 1 << 22;  // rows of the per-row and bandwidth measurements
  int repetitions = 5;     // each figure is the median of this many runs
};

/// Measures `device` running `kernels`. A device failure during calibration is an error.
Result<DeviceFigures> CalibrateDevice(const Device& device, const KernelTable& kernels,
                                      const CalibrationOptions& options);

/// The figures as lines for `orbit devices` and `orbit calibrate`.
std::vector<std::string> DescribeFigures(const DeviceFigures& figures);

}  // namespace orbit
