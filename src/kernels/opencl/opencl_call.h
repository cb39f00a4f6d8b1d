// One kernel launch on an OpenCL device, with the buffers it needs: the host side of
// every OpenCL kernel entry. Inputs that the running pipeline made resident are used in
// place; other inputs are copied for this call only (and counted). The first OpenCL error
// (or injected fault) turns the call into a no-op that reports failed(); the entry then
// computes its answer with the reference kernels and reports the failure (ReportFailure),
// so a kernel call never returns a wrong answer. The outputs of a successful call are
// offered to the pipeline's session, which keeps the device copy of those the executor
// turns into columns (DeviceSession::KeepOutput), for later kernels to read in place.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "common/status.h"
#include "devices/opencl/opencl_session.h"
#include "kernels/opencl/opencl_program.h"

namespace orbit::opencl {

class KernelCall {
 public:
  /// Targets the running pipeline's device, or the first OpenCL device outside a pipeline.
  explicit KernelCall(const std::string& kernel_name);
  ~KernelCall();
  KernelCall(const KernelCall&) = delete;
  KernelCall& operator=(const KernelCall&) = delete;

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

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }

 private:
  struct Arg {
    size_t size = 0;
    unsigned char bytes[16] = {};
  };
  cl_mem NewBuffer(size_t bytes, cl_mem_flags flags, void* host = nullptr);
  void Upload(cl_mem buffer, const void* host, size_t bytes);
  void AddBuffer(cl_mem buffer);
  void Fail(Status status);
  bool Inject(FaultPoint point, const char* what);

  std::string name_;
  const OpenCLDevice* device_ = nullptr;
  OpenCLSession* session_ = nullptr;
  Status status_;
  bool launched_ = false;
  std::vector<Arg> args_;
  std::vector<cl_mem> buffers_;               // Output handles index this
  std::vector<cl_mem> owned_;                 // released when the call ends
  std::vector<KeptOutputs::Offer> reads_;  // offered to the session if the call succeeds
};

/// Records a failed call: in the running pipeline's session (which then re-runs on the
/// CPU), or, outside a pipeline, where TakeFailureOutsidePipelines() finds it.
void ReportFailure(const Status& status);

/// The first failure of a call made outside any pipeline since the last time this was
/// asked ("" if none); KernelTable::take_failure of the OpenCL backend.
std::string TakeFailureOutsidePipelines();

/// The first OpenCL device the registry found, or nullptr.
const OpenCLDevice* DefaultDevice();

}  // namespace orbit::opencl
