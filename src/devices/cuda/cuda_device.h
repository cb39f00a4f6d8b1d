// An NVIDIA GPU reached through the CUDA plugin. Describes itself (name, compute
// capability, memory) and measures its bandwidths — device memory and host<->device — on
// first use, for `orbit devices`, the benchmarks and the cost model.
//
// It also keeps the health of its CUDA context (DESIGN rule 4). A sticky error (an illegal
// address, a launch failure: every later call on the context fails) marks the device lost:
// it takes no pipelines (unavailable_reason) and its calls fail at once, so the pipeline
// re-runs on the CPU and later queries stop trying it. When its last session ends the
// device gets a fresh context (cudaDeviceReset), once per process, and is used again if a
// probe succeeds there; a second loss, or a failed reset, leaves it unavailable until the
// process restarts. Its stream-ordered pool keeps freed memory up to a release threshold
// (PoolReleaseThreshold, device_buffer_pool.h) and is trimmed to it when the last session ends.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "devices/cuda/cuda_plugin_abi.h"
#include "devices/device.h"
#include "devices/device_buffer_pool.h"
#include "devices/resident_account.h"

namespace orbit::cuda {

/// Bytes per second, measured with large copies; zero when a measurement failed.
struct CudaBandwidth {
  double device = 0;     // device-to-device copy, read + write bytes
  double to_device = 0;  // pinned host -> device (PCIe / NVLink-C2C)
  double to_host = 0;    // device -> pinned host
  std::string error;     // why the measurement failed, if it did
};

class CudaDevice final : public Device {
 public:
  /// How many times a lost device gets a fresh context in one process.
  static constexpr int kContextResets = 1;

  CudaDevice(const OrbitCudaApi& api, int index, const OrbitCudaDeviceInfo& info)
      : api_(api),
        index_(index),
        info_(info),
        resident_(ResidentBudget(info.total_memory)),
        pool_threshold_(PoolReleaseThreshold(info.total_memory)) {}

  DeviceKind kind() const override { return DeviceKind::kCuda; }
  std::string id() const override { return "cuda:" + std::to_string(index_); }
  std::string name() const override { return info_.name; }
  std::vector<std::pair<std::string, std::string>> properties() const override;
  Result<std::unique_ptr<DeviceSession>> OpenSession(const FaultPlan& faults) const override;

  const OrbitCudaApi& api() const { return api_; }
  int index() const { return index_; }
  const OrbitCudaDeviceInfo& info() const { return info_; }
  /// Measured once, on the first call (about a second).
  const CudaBandwidth& bandwidth() const;
  /// What the resident inputs of every session on this device may take together.
  ResidentAccount& resident_account() const { return resident_; }
  uint64_t pool_release_threshold() const { return pool_threshold_; }

  std::string unavailable_reason() const override;
  /// The error's name for a message ("cudaErrorIllegalAddress (700)"); a sticky one marks
  /// the device lost, `during` saying what failed.
  std::string RecordError(int32_t code, std::string_view during) const;
  bool lost() const;
  /// Fresh contexts made so far; a stream or buffer made under an earlier one is gone.
  int context_resets() const;

  /// A session starts on the device (the first one configures the pool's threshold).
  void SessionStarted() const;
  /// A session ended: the last one trims the pool, or gives a lost device a fresh context.
  void SessionEnded() const;

 private:
  /// A fresh context for a lost device with no session open, if resets are left.
  void ResetLocked() const;
  /// Allocates, clears and frees a little memory on a new stream: 0 when the context works.
  int32_t Probe() const;
  void Log(const std::string& event) const;

  const OrbitCudaApi& api_;
  int index_;
  OrbitCudaDeviceInfo info_;
  mutable std::once_flag measured_;
  mutable CudaBandwidth bandwidth_;
  mutable ResidentAccount resident_;
  const uint64_t pool_threshold_;

  mutable std::mutex health_mutex_;
  mutable bool lost_ = false;
  mutable std::string lost_reason_;   // the sticky error that lost it, and what failed
  mutable std::string reset_failed_;  // why the fresh context did not work, if it did not
  mutable int resets_ = 0;
  mutable int open_sessions_ = 0;
  mutable bool pool_configured_ = false;  // in the current context
};

/// Every CUDA device, or none with *why saying why (no plugin, no driver, no device).
std::vector<std::unique_ptr<Device>> DetectCudaDevices(std::string* why);

}  // namespace orbit::cuda
