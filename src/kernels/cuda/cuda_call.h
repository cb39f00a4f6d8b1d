// One kernel call on a CUDA device, host side: device pointers for its inputs (a resident
// pipeline input, or a copy made for this call and counted), its outputs from the
// stream-ordered pool, the launch and the copies back, all on this thread's stream. The
// first CUDA error (or injected fault) turns the rest of the call into no-ops and
// failed(); the kernel entry then answers with the reference kernels and reports the
// failure (ReportFailure), so a kernel call never returns a wrong answer (DESIGN rule 4).
// The outputs of a successful call are offered to the pipeline's session, which keeps
// the device copy of those the executor turns into columns (DeviceSession::KeepOutput).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "devices/cuda/cuda_session.h"

namespace orbit::cuda {

class CudaCall {
 public:
  /// Targets the running pipeline's CUDA device, or the first CUDA device outside one.
  explicit CudaCall(const char* kernel_name);
  ~CudaCall();
  CudaCall(const CudaCall&) = delete;
  CudaCall& operator=(const CudaCall&) = delete;

  /// Device pointer to a read-only copy of host bytes; nullptr for a null host pointer.
  const void* Input(const void* host, size_t bytes);
  /// Device memory the kernel writes.
  void* Output(size_t bytes);
  /// Device memory set to zero bytes in stream order (no copy, no wait).
  void* Zeroed(size_t bytes);
  /// Device memory starting as a copy of host bytes, which the kernel updates.
  void* InputOutput(const void* host, size_t bytes);
  /// Launches a plugin kernel entry (&OrbitCudaApi::filter, ...) on this call's stream.
  template <typename Args>
  void Launch(int32_t (*OrbitCudaApi::*entry)(const Args*, void*), Args args) {
    if (failed() || Inject(FaultPoint::kEnqueue, "launching")) return;
    args.device = device_->index();
    Check((api().*entry)(&args, stream_), "launching");
    if (session_ != nullptr && !failed()) session_->stats().launches += 1;
  }
  /// Copies device memory back to the host (waits for the stream).
  void Read(void* host, const void* device, size_t bytes);

  const OrbitCudaApi& api() const { return device_->api(); }
  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }

 private:
  void Check(int32_t code, const char* what);
  bool Inject(FaultPoint point, const char* what);
  void* Allocate(size_t bytes);

  const char* name_;
  const CudaDevice* device_ = nullptr;
  CudaSession* session_ = nullptr;
  void* stream_ = nullptr;
  Status status_;
  std::vector<void*> owned_;
  std::vector<KeptOutputs::Offer> reads_;  // offered to the session if the call succeeds
};

/// Records a failed call: in the running pipeline's session (which then re-runs on the
/// CPU), or, outside a pipeline, where TakeFailureOutsidePipelines() finds it.
void ReportFailure(const Status& status);

/// KernelTable::take_failure of the CUDA backend.
std::string TakeFailureOutsidePipelines();

/// The first CUDA device the registry found, or nullptr.
const CudaDevice* DefaultDevice();

}  // namespace orbit::cuda
