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

Result<Placement> PlacePipeline(const PlacementRequest& request) {
  ORBIT_RETURN_IF_ERROR(CheckDeviceSetting(request.device_setting));
  ORBIT_RETURN_IF_ERROR(CheckKernelSetting(request.kernel_setting));
  Placement placement;
  placement.device = &DeviceRegistry::Instance().host();
  if (request.kernel_setting == "reference") {
    placement.kernels = &ReferenceKernels();
    placement.reason = "kernels = 'reference' forces the scalar reference on the CPU";
  } else {
    placement.kernels = &SimdKernels();
    placement.reason = request.device_setting == "cpu" ? "device = 'cpu' forced"
                                                       : "the host CPU is the only device present";
  }
  return placement;
}

}  // namespace orbit
