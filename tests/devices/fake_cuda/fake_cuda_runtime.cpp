#include "fake_cuda_runtime.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace orbit::fake_cuda {

namespace {

std::mutex mutex;

bool IsSticky(int32_t code) { return code == kIllegalAddress || code == kLaunchFailure; }

/// Holds the lock for an entry; the entry answers `sticky()` first when there is one.
struct Call {
  std::lock_guard<std::mutex> lock{mutex};
  Call() { State().calls += 1; }
  int32_t sticky() const { return State().sticky; }
  /// Answers `code`, which makes the context sticky when it is a sticky error.
  int32_t Answer(int32_t code) const {
    if (IsSticky(code)) State().sticky = code;
    return code;
  }
};

const char* ErrorName(int32_t code) {
  switch (code) {
    case 0: return "cudaSuccess";
    case kMemoryAllocation: return "cudaErrorMemoryAllocation";
    case kIllegalAddress: return "cudaErrorIllegalAddress";
    case kLaunchFailure: return "cudaErrorLaunchFailure";
    case kNotSupported: return "cudaErrorNotSupported";
    default: return "cudaErrorUnknown";
  }
}

int32_t ErrorIsSticky(int32_t code) { return IsSticky(code) ? 1 : 0; }

int32_t DeviceCount(int32_t* count) {
  Call call;
  *count = 1;
  return 0;
}

int32_t DeviceInfo(int32_t device, OrbitCudaDeviceInfo* info) {
  Call call;
  *info = FakeCudaDeviceInfo(uint64_t{1} << 30);
  return 0;
}

int32_t MemoryInfo(int32_t device, uint64_t* free_bytes, uint64_t* total_bytes) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  *free_bytes = *total_bytes = uint64_t{1} << 30;
  return 0;
}

int32_t MeasureBandwidth(int32_t device, uint64_t bytes, double* device_bps, double* to_device_bps,
                         double* to_host_bps) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  *device_bps = 1e12;
  *to_device_bps = *to_host_bps = 5e10;
  return 0;
}

int32_t StreamCreate(int32_t device, void** stream) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  static int token;
  *stream = &token;
  return 0;
}

int32_t StreamOp(void* stream) {
  Call call;
  return call.sticky();
}

int32_t AllocAsync(int32_t device, uint64_t bytes, void* stream, void** d_ptr) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  FakeCudaState& state = State();
  if (state.failing_allocations > 0) {
    --state.failing_allocations;
    return call.Answer(state.allocation_error);
  }
  state.allocations += 1;
  *d_ptr = std::malloc(bytes == 0 ? 1 : bytes);
  return 0;
}

int32_t FreeAsync(void* d_ptr, void* stream) {
  Call call;
  std::free(d_ptr);  // even on a lost context: the fake's memory is the host's
  return call.sticky();
}

int32_t AllocPinned(uint64_t bytes, void** ptr) {
  Call call;
  *ptr = std::malloc(bytes == 0 ? 1 : bytes);
  return call.sticky();
}

int32_t FreePinned(void* ptr) {
  Call call;
  std::free(ptr);
  return 0;
}

int32_t Copy(void* dst, const void* src, uint64_t bytes, void* stream) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  std::memcpy(dst, src, bytes);
  return 0;
}

int32_t MemsetAsync(void* d_ptr, int32_t value, uint64_t bytes, void* stream) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  std::memset(d_ptr, value, bytes);
  return 0;
}

int32_t DeviceReset(int32_t device) {
  Call call;
  FakeCudaState& state = State();
  state.resets += 1;
  if (state.reset_fails) return kIllegalAddress;
  state.sticky = 0;
  return 0;
}

int32_t PoolSetReleaseThreshold(int32_t device, uint64_t bytes) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  State().threshold_calls += 1;
  State().release_threshold = bytes;
  return 0;
}

int32_t PoolTrim(int32_t device, uint64_t keep_bytes) {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  State().trims += 1;
  State().trimmed_to = keep_bytes;
  return 0;
}

}  // namespace

FakeCudaState& State() {
  static FakeCudaState state;
  return state;
}

OrbitCudaApi FakeCudaApi() {
  OrbitCudaApi api{};
  api.abi_version = ORBIT_CUDA_ABI_VERSION;
  api.error_name = &ErrorName;
  api.device_count = &DeviceCount;
  api.device_info = &DeviceInfo;
  api.memory_info = &MemoryInfo;
  api.measure_bandwidth = &MeasureBandwidth;
  api.stream_create = &StreamCreate;
  api.stream_destroy = &StreamOp;
  api.stream_synchronize = &StreamOp;
  api.alloc_async = &AllocAsync;
  api.free_async = &FreeAsync;
  api.alloc_pinned = &AllocPinned;
  api.free_pinned = &FreePinned;
  api.copy_to_device = &Copy;
  api.copy_to_host = &Copy;
  api.memset_async = &MemsetAsync;
  api.error_is_sticky = &ErrorIsSticky;
  api.device_reset = &DeviceReset;
  api.pool_set_release_threshold = &PoolSetReleaseThreshold;
  api.pool_trim = &PoolTrim;
  return api;
}

OrbitCudaDeviceInfo FakeCudaDeviceInfo(uint64_t total_memory) {
  OrbitCudaDeviceInfo info{};
  std::strcpy(info.name, "Fake CUDA device (tests, host memory)");
  std::strcpy(info.pci_bus_id, "0000:00:00.0");
  info.compute_major = 9;
  info.total_memory = total_memory;
  info.multiprocessors = 1;
  return info;
}

int32_t Launch() {
  Call call;
  if (call.sticky() != 0) return call.sticky();
  State().launches += 1;
  return call.Answer(State().kernel_error);
}

}  // namespace orbit::fake_cuda
