// The C ABI between the engine and liborbit_cuda.so, the CUDA plugin. The engine never
// links CUDA: it opens the plugin with dlopen (cuda_plugin_loader.h) and calls it only
// through this table, so the orbit binary runs on machines with no toolkit, no driver
// and no GPU (DESIGN rule 4). The plugin links the CUDA runtime statically and needs only
// the driver (libcuda.so.1) at run time.
//
// Every function returns 0 on success or a CUDA error code (error_name() spells it).
// Pointers named d_* are device memory; kernels are ordered on the given stream and
// their results are read back by the caller with copy_to_host on the same stream.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

#define ORBIT_CUDA_ABI_VERSION 1u
#define ORBIT_CUDA_PLUGIN_ENTRY "orbit_cuda_plugin_v1"

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

/// Element types of a kernel's values (the KernelTable's four numeric families).
enum OrbitCudaType : int32_t { kOrbitCudaI32 = 0, kOrbitCudaI64 = 1, kOrbitCudaI128 = 2, kOrbitCudaF64 = 3 };

enum OrbitCudaFilterKind : int32_t {
  kOrbitCudaCompareConstant = 0,
  kOrbitCudaCompareColumns = 1,
  kOrbitCudaBetween = 2,
  kOrbitCudaInList = 3
};

/// Writes the passing row indices (ascending) to d_out and their number to *d_count.
struct OrbitCudaFilterArgs {
  int32_t device;
  int32_t type;  // OrbitCudaType
  int32_t kind;  // OrbitCudaFilterKind
  int32_t op;    // orbit::CompareOp
  const void* d_values;
  const uint8_t* d_validity;  // nullable
  const void* d_right;        // compare_columns
  const uint8_t* d_right_validity;
  const uint32_t* d_sel;      // nullable
  uint64_t considered;        // sel_count, or n without a selection
  unsigned char scalars[32];  // the constant, or low then high (16 bytes each)
  const void* d_list;         // in_list
  uint64_t list_count;
  uint32_t* d_out;
  uint64_t* d_count;
};

enum OrbitCudaAggregateOp : int32_t { kOrbitCudaSum = 0, kOrbitCudaMin = 1, kOrbitCudaMax = 2 };

/// Ungrouped: *d_result = exact sum of valid values (int64 for int32, int128 for int64,
/// double for double; int128 is added to the incoming *d_result row by row, setting
/// *d_overflow on overflow), or the min/max of valid values with *d_count = their number
/// (d_result untouched when there are none).
struct OrbitCudaAggregateArgs {
  int32_t device;
  int32_t type;
  int32_t op;
  const void* d_values;
  const uint8_t* d_validity;
  uint64_t n;
  void* d_result;
  int64_t* d_count;
  int32_t* d_overflow;
};

/// Grouped: updates d_accs[g] and d_counts[g] (groups < group_count) exactly as the
/// reference does, walking each group's rows in row order; sets *d_overflow on overflow.
struct OrbitCudaGroupedArgs {
  int32_t device;
  int32_t type;
  int32_t op;
  const void* d_values;
  const uint8_t* d_validity;
  const uint32_t* d_groups;
  uint64_t n;
  uint32_t group_count;
  void* d_accs;
  int64_t* d_counts;
  int32_t* d_overflow;
};

/// out[i] = a[i] <op> b[i] (b[0] when b_is_scalar); *d_first_failure = min failing row
/// (callers set it to UINT64_MAX first).
struct OrbitCudaArithmeticArgs {
  int32_t device;
  int32_t type;
  int32_t op;  // orbit::ArithmeticOp
  int32_t b_is_scalar;
  const void* d_a;
  const void* d_b;
  const uint8_t* d_validity;
  uint64_t n;
  unsigned char max_abs[16];
  void* d_out;
  unsigned long long* d_first_failure;
};

enum OrbitCudaHashKind : int32_t {
  kOrbitCudaHashI32 = 0,
  kOrbitCudaHashI64 = 1,
  kOrbitCudaHashI128 = 2,
  kOrbitCudaHashF64 = 3,
  kOrbitCudaHashString = 4
};

struct OrbitCudaHashArgs {
  int32_t device;
  int32_t kind;
  int32_t combine;
  const void* d_values;  // fixed-width values, or string offsets (n + 1 int32)
  const char* d_chars;   // strings only
  const uint8_t* d_validity;
  uint64_t n;
  uint64_t* d_out;
};

/// from_bitmap: rows where bit i of d_bits and validity are set -> d_out, *d_count.
/// gather: d_out[k] = d_in[d_sel[k]] for elements of `width` bytes (4, 8 or 16).
struct OrbitCudaSelectionArgs {
  int32_t device;
  int32_t width;
  const void* d_in;
  const uint8_t* d_validity;
  const uint32_t* d_sel;
  uint64_t n;
  void* d_out;
  uint64_t* d_count;
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
  int32_t (*filter)(const OrbitCudaFilterArgs* args, void* stream);
  int32_t (*aggregate)(const OrbitCudaAggregateArgs* args, void* stream);
  int32_t (*grouped_aggregate)(const OrbitCudaGroupedArgs* args, void* stream);
  int32_t (*arithmetic)(const OrbitCudaArithmeticArgs* args, void* stream);
  int32_t (*hash)(const OrbitCudaHashArgs* args, void* stream);
  int32_t (*from_bitmap)(const OrbitCudaSelectionArgs* args, void* stream);
  int32_t (*gather)(const OrbitCudaSelectionArgs* args, void* stream);
};

/// The plugin's one exported symbol (ORBIT_CUDA_PLUGIN_ENTRY).
typedef const OrbitCudaApi* (*OrbitCudaPluginEntry)();
}
