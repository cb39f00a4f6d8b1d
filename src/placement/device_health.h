// Health of each accelerator (DESIGN rule 4): failures are counted per device for the life
// of the process, and a device that failed stays in a cool-down for a while, during which
// placement by 'auto' must not choose it. A forced device (SET device = 'opencl') is still
// used: a user can always force a device, and fallback keeps the answer exact.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace orbit {

/// How long a device that failed is avoided by automatic placement.
constexpr std::chrono::seconds kDeviceCoolDown{30};

/// Counts a failure of the device with this id and starts its cool-down. Thread-safe.
void RecordDeviceFailure(const std::string& device_id);
/// Failures of this device since the process started.
int64_t DeviceFailures(const std::string& device_id);
/// True while the device is cooling down after a failure.
bool DeviceInCoolDown(const std::string& device_id);

}  // namespace orbit
