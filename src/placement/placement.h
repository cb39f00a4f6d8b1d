// Chooses the device for each pipeline (DESIGN rule 2: per pipeline, never per operator).
// SET device = 'opencl' forces the first OpenCL device; 'auto' keeps the CPU until the cost
// model exists (and says so). Every pipeline asks here and records why, so EXPLAIN shows
// the decision and accelerators plug in without touching the operators.
#pragma once

#include <string>

#include "common/status.h"
#include "devices/device.h"
#include "kernels/kernel_table.h"

namespace orbit {

struct PlacementRequest {
  std::string device_setting = "auto";  // SET device
  std::string kernel_setting = "auto";  // SET kernels: "auto" or "reference"
  int64_t input_rows = 0;
};


struct Placement {
  const Device* device = nullptr;
  const KernelTable* kernels = nullptr;
  std::string reason;  // shown by EXPLAIN
};

/// The host CPU with the kernels of SET kernels: where every pipeline can run, and where a
/// failed device pipeline re-runs.
Placement CpuPlacement(const std::string& kernel_setting, std::string reason);

/// A user error when the setting names a device that is not present.
Result<Placement> PlacePipeline(const PlacementRequest& request);

/// Validates SET device / SET kernels / SET fallback values.
Status CheckDeviceSetting(const std::string& value);
Status CheckKernelSetting(const std::string& value);
Status CheckFallbackSetting(const std::string& value);

}  // namespace orbit
