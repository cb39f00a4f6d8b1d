// One kernel launch on an OpenCL device, with the buffers it needs: the host side of
// every OpenCL kernel entry. Inputs that the running pipeline made resident are used in
// place; other inputs are copied for this call only (and counted), or wrapped in place
// where the device shares host memory. What every device backend's calls share (the
// device, faults, failure reporting, kept outputs) is DeviceCall's
// (kernels/device/device_call.h).
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "devices/opencl/opencl_session.h"
#include "kernels/device/device_call.h"
#include "kernels/opencl/opencl_program.h"

namespace orbit::opencl {

/// The OpenCL backend: its failures outside pipelines and its fault plan there.
device::DeviceBackend& Backend();

class KernelCall final : public device::DeviceCall {
 public:
  /// Targets the running pipeline's device, or the first OpenCL device outside a pipeline.
  explicit KernelCall(const std::string& kernel_name);
  ~KernelCall();

  /// A read-only input: two kernel arguments, IN(T, name) in common.cl.
  void Input(const void* host, size_t bytes);
  /// An input that may be absent (host == nullptr): three arguments, OPT(T, name).
  void OptionalInput(const void* host, size_t bytes);
  /// A device buffer the kernel writes; one argument. Returns its handle for Read.
  int Output(size_t bytes);
  /// A device buffer starting as a copy of host bytes, which the kernel updates.
  int InputOutput(const void* host, size_t bytes);
  template <typename T>
  void Scalar(T value) {
    static_assert(sizeof(T) <= sizeof(Arg::bytes));
    Arg arg;
    arg.size = sizeof(T);
    std::memcpy(arg.bytes, &value, sizeof(T));
    args_.push_back(arg);
  }
  /// Enqueues the kernel over `items` work items (nothing when items == 0).
  void Launch(size_t items);
  /// Copies a buffer back to the host (blocking).
  void Read(int handle, void* host, size_t bytes);

 private:
  struct Arg {
    size_t size = 0;
    unsigned char bytes[16] = {};
  };
  const OpenCLDevice& device() const { return static_cast<const OpenCLDevice&>(*target()); }
  cl_mem NewBuffer(size_t bytes, cl_mem_flags flags, void* host = nullptr);
  void Upload(cl_mem buffer, const void* host, size_t bytes);
  void AddBuffer(cl_mem buffer);

  bool launched_ = false;
  std::vector<Arg> args_;
  std::vector<cl_mem> buffers_;  // Output handles index this
};

}  // namespace orbit::opencl
