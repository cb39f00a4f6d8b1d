// Chooses the device for each pipeline (DESIGN rule 2: per pipeline, never per operator).
// SET device = 'cpu' / 'opencl' forces a device; 'auto' asks the cost model (cost_model.h)
// for a prediction on every device whose circuit breaker lets it take work, corrected by
// the performance database, and takes the fastest, or now and then explores a less-known
// device (exploration.h). Every decision keeps its predictions and the time it took, for
// EXPLAIN; every run reports back (RecordPipelineSuccess/Failure) so history and the
// breakers learn.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "devices/device.h"
#include "kernels/kernel_table.h"
#include "placement/cost_model.h"

namespace orbit {

struct PlacementRequest {
  std::string device_setting = "auto";  // SET device
  std::string kernel_setting = "auto";  // SET kernels: "auto" or "reference"
  int64_t input_rows = 0;
  PipelineProfile profile;  // filled by the executor; kind "" = unknown pipeline
  bool dry_run = false;     // EXPLAIN without ANALYZE: nothing runs, so no exploration or probe
};

struct Placement {
  const Device* device = nullptr;
  const KernelTable* kernels = nullptr;
  std::string reason;  // shown by EXPLAIN
  /// The predictions of every device considered (auto), or of the forced device.
  std::vector<Prediction> predictions;
  /// Devices `auto` could not use, with why (circuit open, no kernels).
  std::vector<std::string> excluded;
  bool explored = false;  // auto ran it on a device the model did not prefer, to measure it
  PipelineProfile profile;
  double placement_seconds = 0;  // time spent deciding (profile and predictions included)

  /// The prediction for the chosen device, or null.
  const Prediction* chosen_prediction() const;
};

/// The host CPU with the kernels of SET kernels: where every pipeline can run, and where a
/// failed device pipeline re-runs.
Placement CpuPlacement(const std::string& kernel_setting, std::string reason);

/// The kernels that run on `device`: the SIMD table on the host, its backend's on an
/// accelerator (nullptr when they cannot be loaded).
const KernelTable* KernelsForDevice(const Device& device);

/// What every decision needs ready before it is timed: device detection, the host's
/// figures (a quick calibration the first time on a machine) and the performance database
/// read from disk. Called by PlacePipeline.
void PreparePlacement();

/// A user error when the setting names a device that is not present.
Result<Placement> PlacePipeline(const PlacementRequest& request);

/// Counts a pipeline in flight on its device for the scope's life (the model's load term),
/// and claims the half-open probe when the device's breaker is waiting for one.
class DeviceRunScope {
 public:
  explicit DeviceRunScope(const Placement& placement);
  ~DeviceRunScope();
  DeviceRunScope(const DeviceRunScope&) = delete;
  DeviceRunScope& operator=(const DeviceRunScope&) = delete;

 private:
  std::string device_;
};

/// A pipeline run finished: its time goes into the performance database (except a
/// device's first run in the process, which paid its setup), and the breaker hears of it.
/// `device_launches` = kernels it launched on an accelerator (a breaker's probe must run some).
void RecordPipelineSuccess(const Placement& placement, double seconds, int64_t device_launches = 0);
/// The device failed during the pipeline (it re-runs on the CPU or the query fails).
void RecordPipelineFailure(const Placement& placement, const std::string& why);

/// Validates SET device / SET kernels / SET fallback values.
Status CheckDeviceSetting(const std::string& value);
Status CheckKernelSetting(const std::string& value);
Status CheckFallbackSetting(const std::string& value);

}  // namespace orbit
