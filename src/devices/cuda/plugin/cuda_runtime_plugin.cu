// The plugin's device runtime: enumeration, the stream-ordered memory pool (its release
// threshold and trimming), pinned staging for host->device copies, bandwidth measurement,
// which errors are sticky, device reset, and the exported OrbitCudaApi table.
// The kernels and their table are the kernel layer's (src/kernels/cuda/kernel_api.cu),
// linked into the same liborbit_cuda.so. Built with nvcc only (CUDA runtime linked
// statically).
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "devices/cuda/cuda_plugin_abi.h"

namespace orbit::cuda_plugin {
namespace {

#define ORBIT_CUDA_TRY_RT(expr)                                   \
  do {                                                            \
    const cudaError_t orbit_cuda_error = (expr);                  \
    if (orbit_cuda_error != cudaSuccess) return orbit_cuda_error; \
  } while (0)

int32_t ErrorCode(cudaError_t error) { return static_cast<int32_t>(error); }

const char* ErrorName(int32_t code) { return cudaGetErrorName(static_cast<cudaError_t>(code)); }

int32_t DeviceCount(int32_t* count) {
  int n = 0;
  const cudaError_t error = cudaGetDeviceCount(&n);
  *count = error == cudaSuccess ? n : 0;
  return ErrorCode(error);
}

int32_t DeviceInfo(int32_t device, OrbitCudaDeviceInfo* info) {
  cudaDeviceProp prop{};
  ORBIT_CUDA_TRY_RT(cudaGetDeviceProperties(&prop, device));
  std::memset(info, 0, sizeof(*info));
  std::memcpy(info->name, prop.name, std::min(sizeof(info->name), sizeof(prop.name)));
  info->name[sizeof(info->name) - 1] = '\0';
  info->compute_major = prop.major;
  info->compute_minor = prop.minor;
  info->total_memory = prop.totalGlobalMem;
  info->multiprocessors = prop.multiProcessorCount;
  info->memory_bus_bits = prop.memoryBusWidth;
  int clock_khz = 0;
  if (cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, device) == cudaSuccess) {
    info->memory_clock_khz = clock_khz;
  }
  cudaDeviceGetPCIBusId(info->pci_bus_id, sizeof(info->pci_bus_id) - 1, device);
  return 0;
}

int32_t MemoryInfo(int32_t device, uint64_t* free_bytes, uint64_t* total_bytes) {
  ORBIT_CUDA_TRY_RT(cudaSetDevice(device));
  size_t free_b = 0, total_b = 0;
  ORBIT_CUDA_TRY_RT(cudaMemGetInfo(&free_b, &total_b));
  *free_bytes = free_b;
  *total_bytes = total_b;
  return 0;
}

int32_t StreamCreate(int32_t device, void** stream) {
  ORBIT_CUDA_TRY_RT(cudaSetDevice(device));
  cudaStream_t s = nullptr;
  ORBIT_CUDA_TRY_RT(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  *stream = s;
  return 0;
}

int32_t StreamDestroy(void* stream) { return ErrorCode(cudaStreamDestroy(static_cast<cudaStream_t>(stream))); }

int32_t StreamSynchronize(void* stream) { return ErrorCode(cudaStreamSynchronize(static_cast<cudaStream_t>(stream))); }

int32_t AllocAsync(int32_t device, uint64_t bytes, void* stream, void** d_ptr) {
  ORBIT_CUDA_TRY_RT(cudaSetDevice(device));
  return ErrorCode(cudaMallocAsync(d_ptr, bytes == 0 ? 1 : bytes, static_cast<cudaStream_t>(stream)));
}

int32_t FreeAsync(void* d_ptr, void* stream) {
  return ErrorCode(cudaFreeAsync(d_ptr, static_cast<cudaStream_t>(stream)));
}

int32_t AllocPinned(uint64_t bytes, void** ptr) { return ErrorCode(cudaMallocHost(ptr, bytes)); }

int32_t FreePinned(void* ptr) { return ErrorCode(cudaFreeHost(ptr)); }

/// Counts device resets: a thread's staging buffers made before the latest one are gone.
std::atomic<uint64_t> resets{0};

/// Two pinned staging buffers per host thread: while the DMA engine copies one to the
/// device, the CPU fills the other.
struct Staging {
  static constexpr size_t kChunk = size_t{8} << 20;
  void* buffers[2] = {nullptr, nullptr};
  cudaEvent_t done[2] = {nullptr, nullptr};
  uint64_t made_after_reset = 0;
  cudaError_t Prepare() {
    if (made_after_reset != resets.load()) {
      // A reset destroyed them with the context: make new ones.
      for (int i = 0; i < 2; ++i) {
        buffers[i] = nullptr;
        done[i] = nullptr;
      }
      made_after_reset = resets.load();
    }
    for (int i = 0; i < 2; ++i) {
      if (buffers[i] == nullptr) ORBIT_CUDA_TRY_RT(cudaMallocHost(&buffers[i], kChunk));
      if (done[i] == nullptr) ORBIT_CUDA_TRY_RT(cudaEventCreateWithFlags(&done[i], cudaEventDisableTiming));
    }
    return cudaSuccess;
  }
};

int32_t CopyToDevice(void* d_dst, const void* host, uint64_t bytes, void* stream_ptr) {
  auto stream = static_cast<cudaStream_t>(stream_ptr);
  if (bytes == 0) return 0;
  cudaPointerAttributes attributes{};
  const bool pinned =
      cudaPointerGetAttributes(&attributes, host) == cudaSuccess && attributes.type == cudaMemoryTypeHost;
  cudaGetLastError();  // a pageable pointer may leave an error behind on older drivers
  if (pinned || bytes <= (size_t{64} << 10)) {
    ORBIT_CUDA_TRY_RT(cudaMemcpyAsync(d_dst, host, bytes, cudaMemcpyHostToDevice, stream));
    return pinned ? 0 : ErrorCode(cudaStreamSynchronize(stream));
  }
  thread_local Staging staging;
  ORBIT_CUDA_TRY_RT(staging.Prepare());
  const auto* src = static_cast<const uint8_t*>(host);
  auto* dst = static_cast<uint8_t*>(d_dst);
  for (uint64_t offset = 0, chunk = 0; offset < bytes; offset += Staging::kChunk, ++chunk) {
    const int slot = static_cast<int>(chunk & 1);
    const size_t size = bytes - offset < Staging::kChunk ? bytes - offset : Staging::kChunk;
    ORBIT_CUDA_TRY_RT(cudaEventSynchronize(staging.done[slot]));  // the slot's previous DMA finished
    std::memcpy(staging.buffers[slot], src + offset, size);
    ORBIT_CUDA_TRY_RT(cudaMemcpyAsync(dst + offset, staging.buffers[slot], size, cudaMemcpyHostToDevice, stream));
    ORBIT_CUDA_TRY_RT(cudaEventRecord(staging.done[slot], stream));
  }
  // The staging buffers are reused by this thread's next copy, which waits on the events.
  return 0;
}

int32_t CopyToHost(void* host, const void* d_src, uint64_t bytes, void* stream_ptr) {
  auto stream = static_cast<cudaStream_t>(stream_ptr);
  if (bytes > 0) ORBIT_CUDA_TRY_RT(cudaMemcpyAsync(host, d_src, bytes, cudaMemcpyDeviceToHost, stream));
  return ErrorCode(cudaStreamSynchronize(stream));
}

int32_t MemsetAsync(void* d_ptr, int32_t value, uint64_t bytes, void* stream) {
  return ErrorCode(cudaMemsetAsync(d_ptr, value, bytes, static_cast<cudaStream_t>(stream)));
}

/// Bytes per second of one timed copy (after a warm-up copy); `factor` counts the bytes
/// a copy moves per byte copied (2 for device-to-device: read and write).
cudaError_t TimeCopy(void* dst, const void* src, uint64_t bytes, cudaMemcpyKind kind, double factor, double* bps) {
  cudaEvent_t start, stop;
  ORBIT_CUDA_TRY_RT(cudaEventCreate(&start));
  ORBIT_CUDA_TRY_RT(cudaEventCreate(&stop));
  cudaError_t error = cudaMemcpy(dst, src, bytes, kind);
  float best_ms = 0;
  for (int repeat = 0; repeat < 5 && error == cudaSuccess; ++repeat) {
    cudaEventRecord(start);
    cudaMemcpyAsync(dst, src, bytes, kind);
    cudaEventRecord(stop);
    error = cudaEventSynchronize(stop);
    float ms = 0;
    if (error == cudaSuccess) error = cudaEventElapsedTime(&ms, start, stop);
    if (error == cudaSuccess && (best_ms == 0 || ms < best_ms)) best_ms = ms;
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  *bps = best_ms > 0 ? factor * static_cast<double>(bytes) / (best_ms / 1e3) : 0;
  return error;
}

int32_t MeasureBandwidth(int32_t device, uint64_t bytes, double* device_bps, double* to_device_bps,
                         double* to_host_bps) {
  ORBIT_CUDA_TRY_RT(cudaSetDevice(device));
  void *d_a = nullptr, *d_b = nullptr, *host = nullptr;
  cudaError_t error = cudaMalloc(&d_a, bytes);
  if (error == cudaSuccess) error = cudaMalloc(&d_b, bytes);
  if (error == cudaSuccess) error = cudaMallocHost(&host, bytes);
  if (error == cudaSuccess) error = cudaMemset(d_a, 1, bytes);
  if (error == cudaSuccess) std::memset(host, 1, bytes);
  if (error == cudaSuccess) error = TimeCopy(d_b, d_a, bytes, cudaMemcpyDeviceToDevice, 2.0, device_bps);
  if (error == cudaSuccess) error = TimeCopy(d_a, host, bytes, cudaMemcpyHostToDevice, 1.0, to_device_bps);
  if (error == cudaSuccess) error = TimeCopy(host, d_a, bytes, cudaMemcpyDeviceToHost, 1.0, to_host_bps);
  if (d_a != nullptr) cudaFree(d_a);
  if (d_b != nullptr) cudaFree(d_b);
  if (host != nullptr) cudaFreeHost(host);
  return ErrorCode(error);
}

int32_t ErrorIsSticky(int32_t code) {
  // The errors the runtime documents as leaving the process "in an inconsistent state":
  // every later call returns them again. (cudaErrorContextIsDestroyed is not one: it is
  // what a handle made before a reset answers.)
  switch (static_cast<cudaError_t>(code)) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchTimeout:
    case cudaErrorAssert:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorLaunchFailure:
    case cudaErrorTensorMemoryLeak:
    case cudaErrorECCUncorrectable:
    case cudaErrorNvlinkUncorrectable:
    case cudaErrorContained:
    case cudaErrorMpsClientTerminated:
    case cudaErrorExternalDevice: return 1;
    default: return 0;
  }
}

int32_t DeviceReset(int32_t device) {
  ORBIT_CUDA_TRY_RT(cudaSetDevice(device));
  const cudaError_t error = cudaDeviceReset();
  resets.fetch_add(1);
  cudaGetLastError();
  return ErrorCode(error);
}

int32_t PoolSetReleaseThreshold(int32_t device, uint64_t bytes) {
  cudaMemPool_t pool;
  ORBIT_CUDA_TRY_RT(cudaDeviceGetDefaultMemPool(&pool, device));
  return ErrorCode(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &bytes));
}

int32_t PoolTrim(int32_t device, uint64_t keep_bytes) {
  cudaMemPool_t pool;
  ORBIT_CUDA_TRY_RT(cudaDeviceGetDefaultMemPool(&pool, device));
  return ErrorCode(cudaMemPoolTrimTo(pool, keep_bytes));
}

const OrbitCudaApi kApi = {
    ORBIT_CUDA_ABI_VERSION,
    &ErrorName,
    &DeviceCount,
    &DeviceInfo,
    &MemoryInfo,
    &MeasureBandwidth,
    &StreamCreate,
    &StreamDestroy,
    &StreamSynchronize,
    &AllocAsync,
    &FreeAsync,
    &AllocPinned,
    &FreePinned,
    &CopyToDevice,
    &CopyToHost,
    &MemsetAsync,
    &ErrorIsSticky,
    &DeviceReset,
    &PoolSetReleaseThreshold,
    &PoolTrim,
};

}  // namespace
}  // namespace orbit::cuda_plugin

extern "C" __attribute__((visibility("default"))) const OrbitCudaApi* orbit_cuda_plugin_v3() {
  return &orbit::cuda_plugin::kApi;
}
