// `orbit devices` (every device found, its calibrated figures or defaults, its circuit
// breaker, how much history placement has of it), `orbit calibrate` (measures the
// devices and stores the figures in the cache folder) and the shell's `.devices`.
#pragma once

#include <cstdint>
#include <ostream>

namespace orbit::cli {

/// Prints the device report; returns the process exit code.
int RunDevicesCommand(std::ostream& out);
/// `rows` and `repetitions` size the measurements; returns the process exit code.
int RunCalibrateCommand(int64_t rows, int repetitions, std::ostream& out);

}  // namespace orbit::cli
