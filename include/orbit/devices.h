// The devices Orbit runs pipelines on, as the `orbit devices` and `orbit calibrate`
// commands show them. For the same facts as rows, query `SELECT * FROM orbit_devices()`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "orbit/error.h"
#include "orbit/export.h"

namespace orbit {

/// @brief Describes every device found (its properties, calibrated or default figures,
/// circuit breaker and measured history), the devices that are absent and why, and the
/// device events so far.
/// @return the report as lines of text, each ending in '\n'
ORBIT_EXPORT Expected<std::string> DescribeDevices();

/// @brief Measures every device for the placement cost model and stores the figures in
/// Orbit's cache folder, where later processes read them.
/// @param rows rows per measurement (at least 1)
/// @param repetitions runs per figure, of which the median is kept (at least 1)
/// @param on_line called with each line of progress, without a line end, as it happens
/// @param on_device_error called when one device fails to calibrate; the others go on
/// @return the path the figures were saved to, or why they could not be saved
ORBIT_EXPORT Expected<std::string> CalibrateDevices(int64_t rows, int repetitions,
                                                    const std::function<void(const std::string&)>& on_line,
                                                    const std::function<void(const Error&)>& on_device_error);

}  // namespace orbit
