// Fault injection for device backends (DESIGN rule 4 is only proven by making devices
// fail on purpose). A plan names a backend and a point where its next operation fails:
//   "opencl:build"      building the kernel program fails
//   "opencl:alloc"      allocating device memory fails
//   "opencl:upload"     a host->device copy fails
//   "opencl:enqueue"    launching a kernel fails
//   "opencl:download"   a device->host copy fails
// and the same points for "cuda:..." (build = loading the plugin's kernels for a call), and
//   "cuda:sticky"       a kernel launch returns cudaErrorIllegalAddress, a sticky error that
//                       loses the device's context (it gets a fresh one once, then stays
//                       unavailable; cuda_device.h)
// An optional ":N" suffix lets the first N hits of that point succeed, so a failure can
// land in the middle of a pipeline. Set with ORBIT_FAULT_INJECT or SET fault_inject.
//
// The delay fault makes a device slow instead of failing: every session opened on it
// (one per pipeline run) takes that much longer, results untouched. Tests of placement use
// it to check that `auto` learns from measured history and moves away from a slow device.
// Set per device with ORBIT_DEVICE_DELAY = "<device id>=<milliseconds>[,...]" (e.g.
// "opencl:0=30") or SetDeviceDelay; the host CPU opens no session and is never delayed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace orbit {

enum class FaultPoint : uint8_t { kNone, kBuild, kAlloc, kUpload, kEnqueue, kDownload, kSticky };

struct FaultPlan {
  std::string backend;  // "opencl" or "cuda"; empty = no fault
  FaultPoint point = FaultPoint::kNone;
  int64_t succeed_first = 0;

  bool active() const { return point != FaultPoint::kNone; }
  std::string ToString() const;
};

/// Parses "opencl:enqueue", "cuda:enqueue:3", "cuda:sticky", ...; "" and "none" mean no fault.
Result<FaultPlan> ParseFaultPlan(const std::string& text);

/// The plan in ORBIT_FAULT_INJECT, read once (an unparsable value is reported on stderr
/// and ignored, so a typo cannot silently pass for a working device).
const FaultPlan& EnvironmentFaultPlan();

/// Counts hits of a plan's point and says when one must fail. Thread-safe.
class FaultTrigger {
 public:
  FaultTrigger() = default;
  explicit FaultTrigger(FaultPlan plan) : plan_(std::move(plan)) {}
  /// True when this hit of `point` on `backend` must fail.
  bool ShouldFail(const char* backend, FaultPoint point);
  const FaultPlan& plan() const { return plan_; }

 private:
  FaultPlan plan_;
  std::atomic<int64_t> hits_{0};
};

/// The delay fault of a device (zero when it has none).
std::chrono::microseconds DeviceDelay(const std::string& device_id);
void SetDeviceDelay(const std::string& device_id, std::chrono::microseconds delay);
/// Waits out the delay fault of `device_id`, if any: a device session calls it as it opens.
void ApplyDelayFault(const std::string& device_id);

}  // namespace orbit
