// The host side that every accelerator backend's kernel calls share (CUDA's CudaCall and
// OpenCL's KernelCall build on DeviceCall): which device a call runs on (the running
// pipeline's, or the backend's first device outside a pipeline), fault injection, the
// call's first error, the bytes and launches counted in the pipeline's session, the
// outputs read back that the session may keep (KeptOutputs), and the report of a failed
// call. A backend adds only how it allocates, copies and launches. The first error turns
// the rest of a call into no-ops; the kernel entry then answers with the reference kernels
// (device_kernel_table.h), so a kernel call never returns a wrong answer (DESIGN rule 4).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "devices/device.h"
#include "devices/fault_injection.h"
#include "devices/kept_outputs.h"

namespace orbit::device {

/// One accelerator backend, process-wide: its kind of device, its name in fault plans and
/// kernel tables ("cuda"), and the failures of calls made outside any pipeline.
class DeviceBackend {
 public:
  DeviceBackend(DeviceKind kind, const char* name, const char* label);
  DeviceBackend(const DeviceBackend&) = delete;
  DeviceBackend& operator=(const DeviceBackend&) = delete;

  DeviceKind kind() const { return kind_; }
  /// "cuda", "opencl": the backend's name in fault plans and KernelTable::backend.
  const char* name() const { return name_; }
  /// "CUDA", "OpenCL": the backend's name in messages.
  const char* label() const { return label_; }

  /// The first device of this kind the registry found, or nullptr.
  const Device* DefaultDevice() const;
  /// Records a failed call: in the running pipeline's session (which then re-runs on the
  /// CPU), or, outside a pipeline, where TakeFailureOutsidePipelines() finds it.
  void ReportFailure(const Status& status);
  /// The first failure of a call outside any pipeline since the last time this was asked
  /// ("" if none): KernelTable::take_failure.
  std::string TakeFailureOutsidePipelines();
  /// Outside a pipeline, faults come from ORBIT_FAULT_INJECT.
  FaultTrigger& faults_outside_pipelines() { return environment_faults_; }

 private:
  DeviceKind kind_;
  const char* name_;
  const char* label_;
  FaultTrigger environment_faults_;
  std::mutex failure_mutex_;
  std::string failure_outside_pipelines_;
};

class DeviceCall {
 public:
  DeviceCall(const DeviceCall&) = delete;
  DeviceCall& operator=(const DeviceCall&) = delete;

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }
  /// Whether every step of the call succeeded. A failed call is reported here (once), so
  /// the entry needs only to answer with the reference.
  bool Succeeded();

 protected:
  /// Targets the running pipeline's device when it is one of `backend`'s, else the
  /// backend's default device; fails the call when there is none.
  DeviceCall(DeviceBackend& backend, std::string kernel_name);
  ~DeviceCall() = default;

  /// The device the call runs on (nullptr only when the call failed for want of one).
  const Device* target() const { return device_; }
  /// The running pipeline's session on that device, or nullptr outside a pipeline.
  DeviceSession* session() const { return session_; }
  const std::string& name() const { return name_; }

  /// Keeps the first error: later steps of a failed call are no-ops.
  void Fail(Status status);
  /// "{what} for {label} kernel {name} on {device} failed: {detail}".
  void FailStep(std::string_view what, const std::string& detail);
  /// True when the call has failed or an injected fault at `point` fails it now.
  bool Inject(FaultPoint point, const char* what);
  /// True when an injected fault at `point` fires now on a call that has not failed; the
  /// backend then makes the failure itself (a sticky error code, say).
  bool FaultFires(FaultPoint point);

  /// A device buffer this call allocated; released when the call ends, unless the session
  /// keeps it as a kept output.
  void Own(void* buffer);
  void CountUpload(size_t bytes);
  void CountLaunch();
  /// A finished copy of `bytes` from `buffer` back to `host`: counted, and, when the call
  /// owns the buffer, offered to the session for keeping should the call succeed.
  void CountRead(void* host, size_t bytes, void* buffer);
  /// Ends the call: the outputs read back go to the session if the call succeeded, and
  /// every other owned buffer is passed to `release`.
  void ReleaseBuffers(const std::function<void(void*)>& release);

 private:
  DeviceBackend& backend_;
  std::string name_;
  const Device* device_ = nullptr;
  DeviceSession* session_ = nullptr;
  Status status_;
  bool reported_ = false;
  std::vector<void*> owned_;
  std::vector<KeptOutputs::Offer> reads_;  // offered to the session if the call succeeds
};

}  // namespace orbit::device
