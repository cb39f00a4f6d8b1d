// The host CPU: always present. Its SIMD target is a kernel-layer fact and is reported by
// the kernel registry, not here; a device is hardware, a SIMD target is how we compile for it.
#pragma once

#include "devices/device.h"

namespace orbit {

class HostCpuDevice final : public Device {
 public:
  HostCpuDevice();
  DeviceKind kind() const override { return DeviceKind::kCpu; }
  std::string id() const override { return "cpu"; }
  std::string name() const override { return model_; }
  int cores() const { return cores_; }
  std::vector<std::pair<std::string, std::string>> properties() const override;

 private:
  std::string model_;
  int cores_ = 1;
};

}  // namespace orbit
