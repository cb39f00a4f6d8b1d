// A pipeline's buffers on an OpenCL device: the host ranges declared pipeline inputs when
// it started, each copied to the device at its first use (or read in place where the
// device shares host memory) and found again by host address whenever a kernel is handed
// a pointer into it, and the kernel outputs kept for later kernels (KeptOutputs). Inputs
// that do not fit in the memory budget (one account per device for the whole process,
// OpenCLDevice::resident_account) are not made resident: each kernel call copies its
// morsel's slice, so tables larger than the device are processed chunk by chunk.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "devices/device_session.h"
#include "devices/kept_outputs.h"
#include "devices/opencl/opencl_device.h"

namespace orbit::opencl {

/// A device buffer and the byte offset where the requested host range starts in it.
struct DeviceRange {
  cl_mem buffer = nullptr;
  size_t offset = 0;
};

/// FindResident's answer: the range (null buffer when the host range is no pipeline
/// input), or the error of copying the input to the device.
struct ResidentLookup {
  DeviceRange range;
  Status status;
};

class OpenCLSession final : public DeviceSession {
 public:
  OpenCLSession(const OpenCLDevice& device, FaultPlan faults);
  ~OpenCLSession() override;

  const Device& device() const override { return device_; }
  const OpenCLDevice& opencl_device() const { return device_; }
  void AddPipelineInput(const void* host, size_t bytes) override;
  /// The device copy holding all of [host, host + bytes): a pipeline input (copied now if
  /// no kernel has read it yet) or a kept kernel output. Thread-safe.
  ResidentLookup FindResident(const void* host, size_t bytes);

  /// Kernel outputs are cl_mem handles.
  KeptOutputs& kept_outputs() override { return kept_; }

 private:
  struct Input {
    const uint8_t* begin;
    const uint8_t* end;
    std::unique_ptr<std::once_flag> copied = std::make_unique<std::once_flag>();
    cl_mem buffer = nullptr;
    Status status;
  };
  Status CopyToDevice(Input& input);

  const OpenCLDevice& device_;
  std::vector<Input> inputs_;  // sorted by begin; fixed once kernels run
  KeptOutputs kept_;
  std::mutex reserved_mutex_;
  uint64_t reserved_bytes_ = 0;  // of the device's account, given back at the end
};

}  // namespace orbit::opencl
