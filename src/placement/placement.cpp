#include "placement/placement.h"

#include <fmt/format.h>

#include "devices/device_registry.h"
#include "placement/device_health.h"

namespace orbit {

namespace {

// The accelerator kinds SET device can name, each with the kernel table that runs on it
// (nullptr where no device of the kind exists). A CUDA backend is one more line.
struct AcceleratorBackend {
  const char* setting;
  DeviceKind kind;
  const KernelTable* (*kernels)();
};
constexpr AcceleratorBackend kAccelerators[] = {
    {"cuda", DeviceKind::kCuda, &CudaKernelsIfPresent},
    {"opencl", DeviceKind::kOpenCL, &OpenCLKernelsIfPresent},
};

}  // namespace

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
  for (const AcceleratorBackend& backend : kAccelerators) {
    if (request.device_setting != backend.setting) continue;
    const Device* device = registry.FirstOfKind(backend.kind);
    const KernelTable* kernels = backend.kernels();
    if (device == nullptr || kernels == nullptr) {
      return Status::InvalidArgument("device '{}' is not available: {}", backend.setting,
                                     registry.AbsenceReason(backend.setting));
    }
    Placement placement;
    placement.device = device;
    placement.kernels = kernels;
    placement.reason = fmt::format("device = '{}' forced", backend.setting);
    if (DeviceInCoolDown(device->id())) {
      placement.reason += fmt::format(" (it failed {} time(s) recently; a failure re-runs on the CPU)",
                                      DeviceFailures(device->id()));
    }
    return placement;
  }
  if (request.device_setting == "cpu") return CpuPlacement(request.kernel_setting, "device = 'cpu' forced");
  std::string accelerators;
  for (const Device* device : registry.devices()) {
    if (device->kind() == DeviceKind::kCpu) continue;
    accelerators += (accelerators.empty() ? "" : ", ") + device->id();
    if (DeviceInCoolDown(device->id())) accelerators += " (cooling down after a failure)";
  }
  if (accelerators.empty()) return CpuPlacement(request.kernel_setting, "the host CPU is the only device present");
  return CpuPlacement(request.kernel_setting,
                      "auto: no cost model yet, so the CPU runs every pipeline; " + accelerators +
                          " present (SET device = 'opencl' to use it)");
}

}  // namespace orbit
