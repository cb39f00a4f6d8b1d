// A device that can run kernels: today the host CPU; CUDA GPUs and OpenCL devices join
// through the same interface (DESIGN "Devices"). A device describes itself; which kernels
// run on it is the kernel layer's business, and which device runs a pipeline is placement's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "devices/device_session.h"

namespace orbit {

enum class DeviceKind : uint8_t { kCpu, kCuda, kOpenCL };

const char* DeviceKindName(DeviceKind kind);

class Device {
 public:
  virtual ~Device() = default;
  virtual DeviceKind kind() const = 0;
  /// Short identifier used in SET device and EXPLAIN: "cpu", "cuda:0", "opencl:0".
  virtual std::string id() const = 0;
  /// Human-readable name: the CPU model, the GPU's name.
  virtual std::string name() const = 0;
  /// Facts worth showing in `orbit devices`, as (label, value) pairs.
  virtual std::vector<std::pair<std::string, std::string>> properties() const = 0;
  /// Starts a pipeline's run on this device; nullptr for the host CPU, which works on
  /// host memory in place. Accelerators return a session holding the pipeline's device
  /// buffers (see device_session.h).
  virtual Result<std::unique_ptr<DeviceSession>> OpenSession(const FaultPlan& faults) const {
    return std::unique_ptr<DeviceSession>();
  }
  /// Whether the accelerator reads host memory in place (a CPU or an integrated GPU behind
  /// OpenCL): a pipeline's columns are then used where they are, not copied, and placement
  /// counts no transfer for them.
  virtual bool shares_host_memory() const { return false; }
  /// Why the device takes no pipelines now ("" when it does): a CUDA device whose context a
  /// sticky error corrupted. Placement leaves it out, OpenSession refuses it with this
  /// reason, and `orbit devices` and orbit_devices() show it.
  virtual std::string unavailable_reason() const { return ""; }
};

}  // namespace orbit
