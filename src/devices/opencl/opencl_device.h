// An OpenCL device found at run time through the ICD loader: any platform (PoCL on the
// CPU in CI, a GPU driver elsewhere). It owns one context and one in-order command queue;
// OpenCL allows enqueueing on one queue from many threads, which the morsel threads do.
// It also owns what every session on it shares, for the whole process: the account of
// memory resident inputs may take (ResidentBudget of its memory), and the pool of buffers
// its kernel calls reuse (DeviceBufferPool, keeping at most PoolReleaseThreshold).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/device.h"
#include "devices/device_buffer_pool.h"
#include "devices/opencl/opencl_api.h"
#include "devices/resident_account.h"

namespace orbit::opencl {

/// What a device is made with; each unset field has its default (tests set them).
struct OpenCLDeviceOptions {
  std::optional<bool> copy_inputs;          // ORBIT_OPENCL_COPY_INPUTS=1 (else shared memory is read in place)
  std::optional<uint64_t> resident_budget;  // ResidentBudget(device memory)
  std::optional<uint64_t> pool_threshold;   // PoolReleaseThreshold(device memory)
};

class OpenCLDevice final : public Device {
 public:
  OpenCLDevice(const OpenCLApi& api, int index, cl_platform_id platform, cl_device_id device,
               const OpenCLDeviceOptions& options = {});
  ~OpenCLDevice() override;
  OpenCLDevice(const OpenCLDevice&) = delete;
  OpenCLDevice& operator=(const OpenCLDevice&) = delete;

  DeviceKind kind() const override { return DeviceKind::kOpenCL; }
  std::string id() const override { return "opencl:" + std::to_string(index_); }
  std::string name() const override { return name_; }
  std::vector<std::pair<std::string, std::string>> properties() const override;
  Result<std::unique_ptr<DeviceSession>> OpenSession(const FaultPlan& faults) const override;

  /// Creates the context and queue; a device whose context fails is not listed.
  Status Open();

  const OpenCLApi& api() const { return api_; }
  uint64_t global_memory() const { return global_memory_; }
  cl_device_id device_id() const { return device_; }
  cl_context context() const { return context_; }
  cl_command_queue queue() const { return queue_; }
  /// Work items per work group for every launch, 64 or 32 (filters pack 32 items'
  /// decisions into a mask word; other kernels return early past their end).
  size_t work_group_size() const { return work_group_size_; }
  /// Kernels then read host bytes in place (CL_MEM_USE_HOST_PTR buffers). Any address
  /// is valid; a driver that wants a stricter alignment copies behind the scenes.
  bool shares_host_memory() const override { return shares_host_memory_; }
  /// Platform, device and driver names: what a compiled program binary depends on.
  std::string BuildFingerprint() const;
  /// What the resident inputs of every session on this device may take together.
  ResidentAccount& resident_account() const { return *resident_; }
  /// The buffers kernel calls take and give back (never ones wrapping host memory).
  DeviceBufferPool& buffer_pool() const { return *pool_; }

 private:
  const OpenCLApi& api_;
  int index_;
  cl_platform_id platform_;
  cl_device_id device_;
  cl_context context_ = nullptr;
  cl_command_queue queue_ = nullptr;
  std::string name_;
  std::string platform_name_;
  std::string driver_version_;
  std::string version_;
  uint64_t global_memory_ = 0;
  uint32_t compute_units_ = 0;
  bool fp64_ = false;
  size_t work_group_size_ = 64;
  bool shares_host_memory_ = false;
  std::unique_ptr<ResidentAccount> resident_;
  std::unique_ptr<DeviceBufferPool> pool_;  // released before the context
};

/// Every usable OpenCL device, or none with *why saying why (no loader, no platform, no
/// device, a device without double precision). The registry's are made once per process;
/// a test may make more, with other options (each has its own context and accounts).
std::vector<std::unique_ptr<Device>> DetectOpenCLDevices(std::string* why, const OpenCLDeviceOptions& options = {});

}  // namespace orbit::opencl
