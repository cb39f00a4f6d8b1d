// A pipeline's buffers on an OpenCL device: the host ranges made resident when the
// pipeline started, each with its device copy, found again by host address when a kernel
// is handed a pointer into one of them.
#pragma once

#include <vector>

#include "devices/device_session.h"
#include "devices/opencl/opencl_device.h"

namespace orbit::opencl {

/// A device buffer and the byte offset where the requested host range starts in it.
struct DeviceRange {
  cl_mem buffer = nullptr;
  size_t offset = 0;
};

class OpenCLSession final : public DeviceSession {
 public:
  OpenCLSession(const OpenCLDevice& device, FaultPlan faults) : DeviceSession(std::move(faults)), device_(device) {}
  ~OpenCLSession() override;

  const Device& device() const override { return device_; }
  const OpenCLDevice& opencl_device() const { return device_; }
  Status MakeResident(const void* host, size_t bytes) override;
  /// The resident copy holding all of [host, host + bytes), or a null buffer. Only called
  /// while kernels run, after every MakeResident: lookups take no lock.
  DeviceRange FindResident(const void* host, size_t bytes) const;

 private:
  struct Resident {
    const uint8_t* begin;
    const uint8_t* end;
    cl_mem buffer;
  };
  const OpenCLDevice& device_;
  std::vector<Resident> resident_;  // sorted by begin
};

}  // namespace orbit::opencl
