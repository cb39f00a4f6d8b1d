// A pipeline's buffers on an OpenCL device: the host ranges declared pipeline inputs when
// it started, each copied to the device at its first use and found again by host address
// whenever a kernel is handed a pointer into it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/device_session.h"
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
  OpenCLSession(const OpenCLDevice& device, FaultPlan faults) : DeviceSession(std::move(faults)), device_(device) {}
  ~OpenCLSession() override;

  const Device& device() const override { return device_; }
  const OpenCLDevice& opencl_device() const { return device_; }
  void AddPipelineInput(const void* host, size_t bytes) override;
  /// The device copy holding all of [host, host + bytes): a pipeline input (copied now if
  /// no kernel has read it yet) or a kept kernel output. Thread-safe.
  ResidentLookup FindResident(const void* host, size_t bytes);

  void KeepOutput(const std::shared_ptr<Buffer>& buffer) override;
  /// A kernel call of this thread succeeded and copied these device buffers back to host
  /// memory: they replace this thread's earlier offers, and the session now owns them.
  struct Output {
    const void* host;
    size_t bytes;
    cl_mem buffer;
  };
  void OfferOutputs(std::vector<Output> outputs);
  /// A kernel call of this thread starts: earlier offers can no longer be kept.
  void DropOffers();

 private:
  struct Input {
    const uint8_t* begin;
    const uint8_t* end;
    std::unique_ptr<std::once_flag> copied = std::make_unique<std::once_flag>();
    cl_mem buffer = nullptr;
    Status status;
  };
  struct KeptOutput {
    const uint8_t* end;
    cl_mem buffer;
    std::weak_ptr<Buffer> owner;  // the copy is valid while the host buffer lives
  };
  Status CopyToDevice(Input& input);
  void Release(std::vector<Output>& outputs);

  const OpenCLDevice& device_;
  std::vector<Input> inputs_;  // sorted by begin; fixed once kernels run
  std::mutex outputs_mutex_;
  std::map<std::thread::id, std::vector<Output>> offers_;
  std::map<const uint8_t*, KeptOutput> kept_;
};

}  // namespace orbit::opencl
