// The C ABI of the CUDA plugin's kernels (liborbit_cuda.so): each kernel family's
// argument struct and the table of kernel entries the plugin exports beside its device
// runtime (devices/cuda/cuda_plugin_abi.h). It lives with the kernels because only they
// use it: the .cu kernel files implement it, kernel_api.cu assembles the table, and the
// host side (cuda_call.h) finds it in the loaded plugin by ORBIT_CUDA_KERNELS_ENTRY.
//
// Every entry returns 0 on success or a CUDA error code (OrbitCudaApi::error_name spells
// it). Pointers named d_* are device memory; kernels are ordered on the given stream and
// their results are read back by the caller with copy_to_host on the same stream.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

#define ORBIT_CUDA_KERNEL_ABI_VERSION 3u
#define ORBIT_CUDA_KERNELS_ENTRY "orbit_cuda_kernels_v1"

/// Element types of a kernel's values (the KernelTable's four numeric families; float for
/// vector kernels only).
enum OrbitCudaType : int32_t {
  kOrbitCudaI32 = 0,
  kOrbitCudaI64 = 1,
  kOrbitCudaI128 = 2,
  kOrbitCudaF64 = 3,
  kOrbitCudaF32 = 4
};

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

/// d_out[i] = similarity of the dim values at d_a + i * a_stride and d_b + i * b_stride
/// (elements of `type`, kOrbitCudaF32 or kOrbitCudaF64) for i < n; metric is
/// device_kernel_table.h's VectorMetric (0 inner product, 1 cosine, 2 L2, 3 squared L2).
struct OrbitCudaVectorArgs {
  int32_t device;
  int32_t type;
  int32_t metric;
  const void* d_a;
  uint64_t a_stride;
  const void* d_b;
  uint64_t b_stride;
  uint64_t dim;
  uint64_t n;
  double* d_out;
};

enum OrbitCudaMathKind : int32_t { kOrbitCudaMathUnary = 0, kOrbitCudaMathPower = 1, kOrbitCudaMathDecay = 2 };

/// Double math in CUDA's libdevice: unary (op = orbit::MathOp over d_a), power (d_a ^ d_b)
/// or decay (d_a * 0.5^(d_b / d_c)); bit i of `scalars` says argument i is one value for
/// every row. Writes every row to d_out and the first valid row the device cannot decide
/// within its bound (an error, a special value, a result near the ends of the doubles) to
/// *d_first_undecided (callers set it to UINT64_MAX first); the host computes from there.
struct OrbitCudaMathArgs {
  int32_t device;
  int32_t kind;  // OrbitCudaMathKind
  int32_t op;    // orbit::MathOp, for kOrbitCudaMathUnary
  int32_t scalars;
  const double* d_a;
  const double* d_b;
  const double* d_c;
  const uint8_t* d_validity;
  uint64_t n;
  double* d_out;
  unsigned long long* d_first_undecided;
};

struct OrbitCudaKernelApi {
  uint32_t abi_version;
  int32_t (*filter)(const OrbitCudaFilterArgs* args, void* stream);
  int32_t (*aggregate)(const OrbitCudaAggregateArgs* args, void* stream);
  int32_t (*grouped_aggregate)(const OrbitCudaGroupedArgs* args, void* stream);
  int32_t (*arithmetic)(const OrbitCudaArithmeticArgs* args, void* stream);
  int32_t (*hash)(const OrbitCudaHashArgs* args, void* stream);
  int32_t (*from_bitmap)(const OrbitCudaSelectionArgs* args, void* stream);
  int32_t (*gather)(const OrbitCudaSelectionArgs* args, void* stream);
  int32_t (*vector)(const OrbitCudaVectorArgs* args, void* stream);
  int32_t (*math)(const OrbitCudaMathArgs* args, void* stream);
};

/// The plugin's exported kernel table (ORBIT_CUDA_KERNELS_ENTRY).
typedef const OrbitCudaKernelApi* (*OrbitCudaKernelsEntry)();
}
