// Chooses the device for each pipeline (DESIGN rule 2: per pipeline, never per operator).
// Today only the host CPU exists, so the decision is simple, but every pipeline asks here
// and records why, so EXPLAIN shows the decision and accelerators plug in without
// touching the operators.
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

/// A user error when the setting names a device that is not present.
Result<Placement> PlacePipeline(const PlacementRequest& request);

/// Validates SET device / SET kernels values.
Status CheckDeviceSetting(const std::string& value);
Status CheckKernelSetting(const std::string& value);

}  // namespace orbit
