// An NVIDIA GPU reached through the CUDA plugin. Describes itself (name, compute
// capability, memory) and measures its bandwidths — device memory and host<->device — on
// first use, for `orbit devices`, the benchmarks and the cost model.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/cuda/cuda_plugin_abi.h"
#include "devices/device.h"
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
  CudaDevice(const OrbitCudaApi& api, int index, const OrbitCudaDeviceInfo& info)
      : api_(api), index_(index), info_(info), resident_(ResidentBudget(info.total_memory)) {}

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

 private:
  const OrbitCudaApi& api_;
  int index_;
  OrbitCudaDeviceInfo info_;
  mutable std::once_flag measured_;
  mutable CudaBandwidth bandwidth_;
  mutable ResidentAccount resident_;
};

/// Every CUDA device, or none with *why saying why (no plugin, no driver, no device).
std::vector<std::unique_ptr<Device>> DetectCudaDevices(std::string* why);

}  // namespace orbit::cuda
