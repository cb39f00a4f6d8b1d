// What the cost model knows of a device before any history: its calibrated figures
// (DESIGN rule 3). `orbit calibrate` measures them (calibration.h) and stores them in
// calibration.json in the cache folder; a device never measured gets conservative
// defaults that favour the CPU (an accelerator is assumed slow to reach and to launch on),
// so Orbit never moves work to a device it knows nothing about, and says so in EXPLAIN.
// The host CPU is cheap to measure, so its figures are calibrated lazily, quickly, on first
// use (placement_state.h) when `orbit calibrate` has not run.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "common/status.h"

namespace orbit {

/// The kernel families whose per-row cost is calibrated (the main kernels of a pipeline).
enum class KernelFamily : uint8_t { kFilter, kArithmetic, kSum, kGroupedAggregate, kHash };
constexpr size_t kKernelFamilyCount = 5;
const char* KernelFamilyName(KernelFamily family);

struct DeviceFigures {
  std::string device_id;    // "cpu", "opencl:0"
  std::string device_name;  // figures of another device with the same id are not used
  bool measured = false;    // false: the defaults below, not a measurement
  std::string source;       // how it was measured: "orbit calibrate", "quick calibration on first use"
  double memory_bytes_per_second = 0;
  /// Host<->device copy bandwidth; 0 for the host CPU, which needs no copy.
  double link_bytes_per_second = 0;
  /// Fixed cost of one kernel call (queueing, launch, reading a small result back).
  double launch_seconds = 0;
  /// Fixed cost of each pipeline run on the device (opening its session, freeing it).
  double session_seconds = 0;
  /// First use of the device in a process (program build or load, context creation).
  double setup_seconds = 0;
  /// Per row of input, one thread's worth on the host; the whole device on an accelerator.
  std::array<double, kKernelFamilyCount> seconds_per_row{};

  double per_row(KernelFamily family) const { return seconds_per_row[static_cast<size_t>(family)]; }
};

/// Conservative figures for a device that was never calibrated.
DeviceFigures DefaultHostFigures(const std::string& id, const std::string& name);
DeviceFigures DefaultAcceleratorFigures(const std::string& id, const std::string& name);

/// calibration.json in the cache folder.
std::string CalibrationFilePath();
/// The figures stored in `path` by device id; an absent file is empty, a corrupt one is
/// reported on stderr and empty (calibrating again rewrites it).
std::map<std::string, DeviceFigures> LoadCalibration(const std::string& path);
/// Writes the figures (merged over what the file holds) atomically: temp file + rename.
Status SaveCalibration(const std::string& path, const std::map<std::string, DeviceFigures>& figures);

}  // namespace orbit
