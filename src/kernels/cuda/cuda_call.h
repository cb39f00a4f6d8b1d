// One kernel call on a CUDA device, host side: device pointers for its inputs (a resident
// pipeline input, or a copy made for this call and counted), its outputs from the
// stream-ordered pool, the launch and the copies back, all on this thread's stream. What
// every device backend's calls share (the device, faults, failure reporting, kept
// outputs) is DeviceCall's (kernels/device/device_call.h).
#pragma once

#include "devices/cuda/cuda_session.h"
#include "kernels/cuda/cuda_kernel_abi.h"
#include "kernels/device/device_call.h"

namespace orbit::cuda {

/// The CUDA backend: its failures outside pipelines and its fault plan there.
device::DeviceBackend& Backend();

/// The loaded plugin's kernel table, or nullptr when no plugin is loaded or it has no
/// table of this ABI version.
const OrbitCudaKernelApi* KernelApi();

/// cudaErrorIllegalAddress: what the fault cuda:sticky makes a launch return.
constexpr int32_t kInjectedStickyError = 700;

class CudaCall final : public device::DeviceCall {
 public:
  /// Targets the running pipeline's CUDA device, or the first CUDA device outside one.
  explicit CudaCall(const char* kernel_name);
  ~CudaCall();

  /// Device pointer to a read-only copy of host bytes; nullptr for a null host pointer.
  const void* Input(const void* host, size_t bytes);
  /// Device memory the kernel writes.
  void* Output(size_t bytes);
  /// Device memory set to zero bytes in stream order (no copy, no wait).
  void* Zeroed(size_t bytes);
  /// Device memory starting as a copy of host bytes, which the kernel updates.
  void* InputOutput(const void* host, size_t bytes);
  /// Launches a plugin kernel entry (&OrbitCudaKernelApi::filter, ...) on this call's stream.
  /// The injected fault cuda:sticky answers the launch with an illegal address instead, as
  /// a faulty kernel would, so the device is lost as it would be for real.
  template <typename Args>
  void Launch(int32_t (*OrbitCudaKernelApi::*entry)(const Args*, void*), Args args) {
    if (Inject(FaultPoint::kEnqueue, "launching")) return;
    args.device = device().index();
    if (FaultFires(FaultPoint::kSticky)) {
      Check(kInjectedStickyError, "launching (injected fault cuda:sticky)");
      return;
    }
    Check((kernels_->*entry)(&args, stream_), "launching");
    if (!failed()) CountLaunch();
  }
  /// Copies device memory back to the host (waits for the stream).
  void Read(void* host, const void* device, size_t bytes);

 private:
  const CudaDevice& device() const { return static_cast<const CudaDevice&>(*target()); }
  const OrbitCudaApi& api() const { return device().api(); }
  void Check(int32_t code, const char* what);
  void* Allocate(size_t bytes);
  void CopyIn(void* device, const void* host, size_t bytes);

  const OrbitCudaKernelApi* kernels_ = nullptr;
  void* stream_ = nullptr;
};

}  // namespace orbit::cuda
