#include "placement/placement.h"

#include "devices/device_registry.h"

namespace orbit {

Status CheckDeviceSetting(const std::string& value) {
  if (value == "auto" || value == "cpu") return Status::OK();
  if (value == "cuda" || value == "opencl") {
    for (const auto& [kind, why] : DeviceRegistry::Instance().absent()) {
      if (kind == value) return Status::InvalidArgument("device '{}' is not available: {}", value, why);
    }
    return Status::OK();
  }
  return Status::InvalidArgument("unknown device '{}'; expected 'auto', 'cpu', 'cuda' or 'opencl'", value);
}

Status CheckKernelSetting(const std::string& value) {
  if (value == "auto" || value == "reference" || value == "simd") return Status::OK();
  return Status::InvalidArgument("unknown kernels setting '{}'; expected 'auto', 'simd' or 'reference'", value);
}

Status CheckFallbackSetting(const std::string& value) {
  if (value == "cpu" || value == "error") return Status::OK();
  return Status::InvalidArgument("unknown fallback setting '{}'; expected 'cpu' (re-run a failed device pipeline on "
                                 "the CPU) or 'error'",
                                 value);
}

Placement CpuPlacement(const std::string& kernel_setting, std::string reason) {
  Placement placement;
  placement.device = &DeviceRegistry::Instance().host();
  placement.kernels = kernel_setting == "reference" ? &ReferenceKernels() : &SimdKernels();
  placement.reason = std::move(reason);
  return placement;
}

Result<Placement> PlacePipeline(const PlacementRequest& request) {
  ORBIT_RETURN_IF_ERROR(CheckDeviceSetting(request.device_setting));
  ORBIT_RETURN_IF_ERROR(CheckKernelSetting(request.kernel_setting));
  const DeviceRegistry& registry = DeviceRegistry::Instance();
  if (request.kernel_setting == "reference") {
    return CpuPlacement("reference", "kernels = 'reference' forces the scalar reference on the CPU");
  }
  if (request.device_setting == "opencl") {
    const Device* device = registry.FirstOfKind(DeviceKind::kOpenCL);
    const KernelTable* kernels = OpenCLKernelsIfPresent();
    if (device == nullptr || kernels == nullptr) {
      return Status::InvalidArgument("device 'opencl' is not available: {}", registry.AbsenceReason("opencl"));
    }
    Placement placement;
    placement.device = device;
    placement.kernels = kernels;
    placement.reason = "device = 'opencl' forced";
    return placement;
  }
  if (request.device_setting == "cpu") return CpuPlacement(request.kernel_setting, "device = 'cpu' forced");
  std::string accelerators;
  for (const Device* device : registry.devices()) {
    if (device->kind() != DeviceKind::kCpu) accelerators += (accelerators.empty() ? "" : ", ") + device->id();
  }
  if (accelerators.empty()) return CpuPlacement(request.kernel_setting, "the host CPU is the only device present");
  return CpuPlacement(request.kernel_setting,
                      "auto: no cost model yet, so the CPU runs every pipeline; " + accelerators +
                          " present (SET device = 'opencl' to use it)");
}

}  // namespace orbit
