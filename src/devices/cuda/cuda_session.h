// A pipeline's stay on a CUDA device: the pipeline's input columns, copied once at first
// use into memory from the device's stream-ordered pool and found again by host address;
// one CUDA stream per host thread, so one morsel's transfers overlap another's kernels.
// Inputs that do not fit in the memory budget (one account per device for the whole
// process, CudaDevice::resident_account) are not made resident: each kernel call then
// copies just its morsel's slice, so tables larger than device memory are processed
// chunk by chunk.
// Kernel outputs the executor turns into columns stay on the device for later kernels
// (KeptOutputs), as on OpenCL.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/cuda/cuda_device.h"
#include "devices/device_session.h"
#include "devices/kept_outputs.h"

namespace orbit::cuda {

/// FindResident's answer: the device copy of the range (nullptr when the host range is no
/// resident pipeline input or kept output), or the error of copying the input to the device.
struct ResidentLookup {
  const void* device = nullptr;
  Status status;
};

class CudaSession final : public DeviceSession {
 public:
  CudaSession(const CudaDevice& device, FaultPlan faults);
  ~CudaSession() override;

  const Device& device() const override { return device_; }
  const CudaDevice& cuda_device() const { return device_; }
  void AddPipelineInput(const void* host, size_t bytes) override;
  /// The device copy holding all of [host, host + bytes): a pipeline input (copied now if
  /// no kernel has read it yet) or a kept kernel output. Thread-safe.
  ResidentLookup FindResident(const void* host, size_t bytes);
  /// This thread's stream (created at its first use), or nullptr with *error set.
  void* StreamOfThisThread(Status* error);

  /// Kernel outputs are device pointers from the pool.
  KeptOutputs& kept_outputs() override { return kept_; }

 private:
  struct Input {
    const uint8_t* begin;
    const uint8_t* end;
    std::unique_ptr<std::once_flag> copied = std::make_unique<std::once_flag>();
    void* device = nullptr;
    bool resident = false;
    Status status;
  };
  Status CopyToDevice(Input& input);
  /// Frees device memory of the pool in the order of this thread's stream, or of any
  /// stream when this thread has none (the session's end).
  void FreeOnSomeStream(void* device);

  const CudaDevice& device_;
  std::vector<Input> inputs_;  // sorted by begin; fixed once kernels run
  std::mutex mutex_;
  std::map<std::thread::id, void*> streams_;
  uint64_t reserved_bytes_ = 0;  // of the device's account, given back at the end
  KeptOutputs kept_;             // after streams_: released before they are destroyed
};

}  // namespace orbit::cuda
