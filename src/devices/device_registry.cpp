#include "devices/device_registry.h"

#include "devices/cuda/cuda_device.h"
#include "devices/opencl/opencl_device.h"

namespace orbit {

const char* DeviceKindName(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kCpu: return "cpu";
    case DeviceKind::kCuda: return "cuda";
    case DeviceKind::kOpenCL: return "opencl";
  }
  return "?";
}

DeviceRegistry& DeviceRegistry::Instance() {
  static DeviceRegistry registry;
  return registry;
}

DeviceRegistry::DeviceRegistry() : host_(std::make_unique<HostCpuDevice>()) {
  // Each accelerator kind is detected at run time; a kind with no device says why.
  std::string why;
  auto cuda_devices = cuda::DetectCudaDevices(&why);
  if (cuda_devices.empty()) absent_.emplace_back("cuda", why);
  for (auto& device : cuda_devices) accelerators_.push_back(std::move(device));
  why.clear();
  auto opencl_devices = opencl::DetectOpenCLDevices(&why);
  if (opencl_devices.empty()) absent_.emplace_back("opencl", why);
  for (auto& device : opencl_devices) accelerators_.push_back(std::move(device));
}

std::vector<const Device*> DeviceRegistry::devices() const {
  std::vector<const Device*> out{host_.get()};
  for (const auto& d : accelerators_) out.push_back(d.get());
  return out;
}

const Device* DeviceRegistry::FirstOfKind(DeviceKind kind) const {
  for (const auto& d : accelerators_) {
    if (d->kind() == kind) return d.get();
  }
  return nullptr;
}

std::string DeviceRegistry::AbsenceReason(const std::string& kind) const {
  for (const auto& [k, why] : absent_) {
    if (k == kind) return why;
  }
  return "";
}

const Device* DeviceRegistry::Find(const std::string& id) const {
  for (const Device* d : devices()) {
    if (d->id() == id) return d;
  }
  return nullptr;
}

}  // namespace orbit
