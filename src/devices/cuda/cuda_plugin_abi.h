// The C ABI between the engine and liborbit_cuda.so, the CUDA plugin: its device runtime
// (devices, memory, streams, copies). The engine never links CUDA: it opens the plugin
// with dlopen (cuda_plugin_loader.h) and calls it only through this table, so the orbit
// binary runs on machines with no toolkit, no driver and no GPU (DESIGN rule 4). The
// plugin links the CUDA runtime statically and needs only the driver (libcuda.so.1) at
// run time. The plugin's kernels are the kernel layer's: their arguments and entry table
// are a second table of the same plugin (kernels/cuda/cuda_kernel_abi.h), found through
// FindCudaPluginSymbol, so this layer knows nothing of kernels.
//
// Every function returns 0 on success or a CUDA error code (error_name() spells it).
// Pointers named d_* are device memory, ordered on the given stream.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

#define ORBIT_CUDA_ABI_VERSION 3u
#define ORBIT_CUDA_PLUGIN_ENTRY "orbit_cuda_plugin_v3"

struct OrbitCudaDeviceInfo {
  char name[256];
  int compute_major;
  int compute_minor;
  uint64_t total_memory;
  int multiprocessors;
  int memory_bus_bits;
  int memory_clock_khz;
  char pci_bus_id[32];
};

struct OrbitCudaApi {
  uint32_t abi_version;
  const char* (*error_name)(int32_t code);
  int32_t (*device_count)(int32_t* count);
  int32_t (*device_info)(int32_t device, OrbitCudaDeviceInfo* info);
  int32_t (*memory_info)(int32_t device, uint64_t* free_bytes, uint64_t* total_bytes);
  /// Device-to-device copy, host-to-device and device-to-host bandwidth in bytes/s,
  /// measured now with `bytes`-sized copies.
  int32_t (*measure_bandwidth)(int32_t device, uint64_t bytes, double* device_bps, double* to_device_bps,
                               double* to_host_bps);
  int32_t (*stream_create)(int32_t device, void** stream);
  int32_t (*stream_destroy)(void* stream);
  int32_t (*stream_synchronize)(void* stream);
  /// Stream-ordered allocation from the device's memory pool (cudaMallocAsync).
  int32_t (*alloc_async)(int32_t device, uint64_t bytes, void* stream, void** d_ptr);
  int32_t (*free_async)(void* d_ptr, void* stream);
  /// Host memory the device can copy from at full speed (page-locked).
  int32_t (*alloc_pinned)(uint64_t bytes, void** ptr);
  int32_t (*free_pinned)(void* ptr);
  /// Copies pageable host memory to the device through the plugin's pinned staging
  /// buffers, chunk by chunk, the copy of one chunk into staging overlapping the DMA of
  /// the previous one. Returns when `host` may be reused.
  int32_t (*copy_to_device)(void* d_dst, const void* host, uint64_t bytes, void* stream);
  /// Waits for the stream, then copies device memory to host memory.
  int32_t (*copy_to_host)(void* host, const void* d_src, uint64_t bytes, void* stream);
  int32_t (*memset_async)(void* d_ptr, int32_t value, uint64_t bytes, void* stream);
  /// 1 when `code` is a sticky error (an illegal address, a launch failure, ...): the
  /// context is corrupt and every later call on it fails until the device is reset.
  int32_t (*error_is_sticky)(int32_t code);
  /// A fresh context (cudaDeviceReset): every allocation, stream and event of the process
  /// on the device is gone, and the plugin's own staging buffers are made again.
  int32_t (*device_reset)(int32_t device);
  /// Freed pool memory beyond `bytes` goes back to the driver at each synchronisation
  /// (cudaMemPoolAttrReleaseThreshold of the device's default pool).
  int32_t (*pool_set_release_threshold)(int32_t device, uint64_t bytes);
  /// Returns the pool's unused memory beyond `keep_bytes` to the driver now (cudaMemPoolTrimTo).
  int32_t (*pool_trim)(int32_t device, uint64_t keep_bytes);
};

/// The plugin's one exported symbol (ORBIT_CUDA_PLUGIN_ENTRY).
typedef const OrbitCudaApi* (*OrbitCudaPluginEntry)();
}
