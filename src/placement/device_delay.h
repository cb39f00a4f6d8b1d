// A test hook that makes a device artificially slow: every pipeline run on it takes this
// much longer (the executor sleeps after the device's work). Tests use it to check that
// `auto` learns from measured history and moves away from a slow device. Set with
// $ORBIT_DEVICE_DELAY = "<device id>=<milliseconds>[,...]" (e.g. "opencl:0=30"), or
// SetDeviceDelay. Results are untouched: only time is added.
#pragma once

#include <chrono>
#include <string>

namespace orbit {

std::chrono::microseconds DeviceDelay(const std::string& device_id);
void SetDeviceDelay(const std::string& device_id, std::chrono::microseconds delay);

}  // namespace orbit
