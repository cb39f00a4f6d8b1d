// Finds the devices present on this machine, once, and says why a kind is absent.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "devices/device.h"
#include "devices/host_cpu_device.h"

namespace orbit {

class DeviceRegistry {
 public:
  static DeviceRegistry& Instance();

  const HostCpuDevice& host() const { return *host_; }
  /// Every device found, the host CPU first.
  std::vector<const Device*> devices() const;
  /// The first device of this kind (the one SET device = 'opencl' means), or nullptr.
  const Device* FirstOfKind(DeviceKind kind) const;
  /// Why no device of this kind ("opencl", "cuda") is listed; empty when one is.
  std::string AbsenceReason(const std::string& kind) const;
  /// The device with this id ("cpu", "cuda:0"), or nullptr.
  const Device* Find(const std::string& id) const;
  /// Why a device kind is not listed, e.g. {"cuda", "CUDA backend not built yet"}.
  const std::vector<std::pair<std::string, std::string>>& absent() const { return absent_; }

 private:
  DeviceRegistry();
  std::unique_ptr<HostCpuDevice> host_;
  std::vector<std::unique_ptr<Device>> accelerators_;
  std::vector<std::pair<std::string, std::string>> absent_;
};

}  // namespace orbit
