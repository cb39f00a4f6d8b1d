#include "devices/opencl/opencl_device.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "devices/opencl/opencl_session.h"

namespace orbit::opencl {

namespace {

std::string PlatformString(const OpenCLApi& api, cl_platform_id platform, cl_platform_info what) {
  size_t size = 0;
  if (api.GetPlatformInfo(platform, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string value(size, '\0');
  api.GetPlatformInfo(platform, what, size, value.data(), nullptr);
  value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
  return value;
}

std::string DeviceString(const OpenCLApi& api, cl_device_id device, cl_device_info what) {
  size_t size = 0;
  if (api.GetDeviceInfo(device, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string value(size, '\0');
  api.GetDeviceInfo(device, what, size, value.data(), nullptr);
  value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
  return value;
}

template <typename T>
T DeviceValue(const OpenCLApi& api, cl_device_id device, cl_device_info what) {
  T value{};
  if (api.GetDeviceInfo(device, what, sizeof(T), &value, nullptr) != CL_SUCCESS) return T{};
  return value;
}

}  // namespace

OpenCLDevice::OpenCLDevice(const OpenCLApi& api, int index, cl_platform_id platform, cl_device_id device,
                           const OpenCLDeviceOptions& options)
    : api_(api), index_(index), platform_(platform), device_(device) {
  name_ = DeviceString(api, device, CL_DEVICE_NAME);
  platform_name_ = PlatformString(api, platform, CL_PLATFORM_NAME);
  driver_version_ = DeviceString(api, device, CL_DRIVER_VERSION);
  version_ = DeviceString(api, device, CL_DEVICE_VERSION);
  global_memory_ = DeviceValue<cl_ulong>(api, device, CL_DEVICE_GLOBAL_MEM_SIZE);
  compute_units_ = DeviceValue<cl_uint>(api, device, CL_DEVICE_MAX_COMPUTE_UNITS);
  fp64_ = DeviceValue<cl_device_fp_config>(api, device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
  const size_t max_group = DeviceValue<size_t>(api, device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
  // Filters pack 32 work items' decisions into one mask word: groups of 64, else 32.
  work_group_size_ = max_group >= 64 ? 64 : max_group >= 32 ? 32 : 0;
  // ORBIT_OPENCL_COPY_INPUTS=1 copies even where memory is shared: how a discrete GPU
  // works, testable on PoCL.
  const char* copy = std::getenv("ORBIT_OPENCL_COPY_INPUTS");
  const bool copy_inputs = options.copy_inputs.value_or(copy != nullptr && std::string(copy) == "1");
  shares_host_memory_ = DeviceValue<cl_bool>(api, device, CL_DEVICE_HOST_UNIFIED_MEMORY) == CL_TRUE && !copy_inputs;
  resident_ = std::make_unique<ResidentAccount>(options.resident_budget.value_or(ResidentBudget(global_memory_)));
  pool_ =
      std::make_unique<DeviceBufferPool>(options.pool_threshold.value_or(PoolReleaseThreshold(global_memory_)),
                                         [&api](void* buffer) { api.ReleaseMemObject(static_cast<cl_mem>(buffer)); });
}

OpenCLDevice::~OpenCLDevice() {
  pool_.reset();
  if (queue_ != nullptr) api_.ReleaseCommandQueue(queue_);
  if (context_ != nullptr) api_.ReleaseContext(context_);
}

Status OpenCLDevice::Open() {
  // The kernels compute DOUBLE aggregates and comparisons in double precision.
  if (!fp64_) return Status::DeviceError("{} has no double precision (cl_khr_fp64)", name_);
  if (work_group_size_ == 0) return Status::DeviceError("{} runs work groups of fewer than 32 items", name_);
  cl_int error = CL_SUCCESS;
  const cl_context_properties properties[] = {CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(platform_),
                                              0};
  context_ = api_.CreateContext(properties, 1, &device_, nullptr, nullptr, &error);
  if (error != CL_SUCCESS)
    return Status::DeviceError("cannot create a context on {}: {}", name_, OpenCLErrorName(error));
  queue_ = api_.CreateCommandQueue(context_, device_, 0, &error);
  if (error != CL_SUCCESS) return Status::DeviceError("cannot create a queue on {}: {}", name_, OpenCLErrorName(error));
  return Status::OK();
}

std::vector<std::pair<std::string, std::string>> OpenCLDevice::properties() const {
  return {{"platform", platform_name_},
          {"version", version_},
          {"driver", driver_version_},
          {"memory", fmt::format("{} MiB", global_memory_ >> 20)},
          {"compute units", std::to_string(compute_units_)},
          {"host memory", shares_host_memory_ ? "shared: columns are read in place, not copied"
                                              : "separate: columns are copied to the device"},
          {"buffer pool", fmt::format("keeps up to {} MiB of freed kernel buffers", pool_->threshold() >> 20)}};
}

std::string OpenCLDevice::BuildFingerprint() const {
  return platform_name_ + "|" + name_ + "|" + driver_version_ + "|" + version_;
}

Result<std::unique_ptr<DeviceSession>> OpenCLDevice::OpenSession(const FaultPlan& faults) const {
  return std::unique_ptr<DeviceSession>(std::make_unique<OpenCLSession>(*this, faults));
}

std::vector<std::unique_ptr<Device>> DetectOpenCLDevices(std::string* why, const OpenCLDeviceOptions& options) {
  std::vector<std::unique_ptr<Device>> devices;
  const OpenCLApi* api = LoadOpenCLApi(why);
  if (api == nullptr) return devices;
  cl_uint platform_count = 0;
  cl_int error = api->GetPlatformIDs(0, nullptr, &platform_count);
  if (error != CL_SUCCESS || platform_count == 0) {
    *why = error == CL_SUCCESS || error == CL_PLATFORM_NOT_FOUND_KHR
               ? "no OpenCL platform (the loader found no installed driver)"
               : "no OpenCL platform: " + OpenCLErrorName(error);
    return devices;
  }
  std::vector<cl_platform_id> platforms(platform_count);
  api->GetPlatformIDs(platform_count, platforms.data(), nullptr);
  std::vector<std::string> problems;
  for (cl_platform_id platform : platforms) {
    cl_uint device_count = 0;
    if (api->GetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &device_count) != CL_SUCCESS) continue;
    std::vector<cl_device_id> ids(device_count);
    api->GetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, device_count, ids.data(), nullptr);
    for (cl_device_id id : ids) {
      auto device = std::make_unique<OpenCLDevice>(*api, static_cast<int>(devices.size()), platform, id, options);
      Status opened = device->Open();
      if (opened.ok()) {
        devices.push_back(std::move(device));
      } else {
        problems.push_back(opened.message());
      }
    }
  }
  if (devices.empty()) {
    *why = problems.empty() ? fmt::format("no OpenCL device on {} platform(s)", platform_count)
                            : "no usable OpenCL device: " + fmt::format("{}", fmt::join(problems, "; "));
  }
  return devices;
}

}  // namespace orbit::opencl
