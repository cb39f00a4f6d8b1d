#include "devices/device_registry.h"

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
  // Accelerator backends register here once they exist; until then say so plainly.
  absent_.emplace_back("cuda", "no CUDA backend in this build yet");
  absent_.emplace_back("opencl", "no OpenCL backend in this build yet");
}

std::vector<const Device*> DeviceRegistry::devices() const {
  std::vector<const Device*> out{host_.get()};
  for (const auto& d : accelerators_) out.push_back(d.get());
  return out;
}

const Device* DeviceRegistry::Find(const std::string& id) const {
  for (const Device* d : devices()) {
    if (d->id() == id) return d;
  }
  return nullptr;
}

}  // namespace orbit
