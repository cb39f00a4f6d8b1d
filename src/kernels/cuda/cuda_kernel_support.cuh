// What every CUDA kernel file of the plugin shares: the error check, launch geometry,
// the element type behind an OrbitCudaType, and scratch memory from the stream-ordered
// pool for CUB's temporary storage. Device code only (nvcc).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/cuda/cuda_kernel_abi.h"
#include "kernels/value_semantics.h"

namespace orbit::cuda_plugin {

#define ORBIT_CUDA_TRY(expr)                                      \
  do {                                                            \
    const cudaError_t orbit_cuda_error = (expr);                  \
    if (orbit_cuda_error != cudaSuccess) return orbit_cuda_error; \
  } while (0)

constexpr int kThreadsPerBlock = 256;

inline unsigned BlocksFor(uint64_t items) {
  const uint64_t blocks = (items + kThreadsPerBlock - 1) / kThreadsPerBlock;
  return static_cast<unsigned>(blocks == 0 ? 1 : blocks);
}

/// A grid-stride index type: kernels loop over 64-bit element counts.
__device__ inline uint64_t GlobalThread() { return uint64_t{blockIdx.x} * blockDim.x + threadIdx.x; }
__device__ inline uint64_t GridStride() { return uint64_t{gridDim.x} * blockDim.x; }

/// Launch geometry capped so a grid-stride loop covers any n.
inline unsigned GridFor(uint64_t items) {
  const unsigned blocks = BlocksFor(items);
  return blocks > 65535u * 16u ? 65535u * 16u : blocks;
}

/// Temporary device memory released at the end of the scope, in stream order.
class Scratch {
 public:
  explicit Scratch(cudaStream_t stream) : stream_(stream) {}
  ~Scratch() {
    for (int i = 0; i < count_; ++i) cudaFreeAsync(ptrs_[i], stream_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  template <typename T>
  cudaError_t Allocate(size_t elements, T** out) {
    *out = nullptr;
    if (count_ == kMax) return cudaErrorMemoryAllocation;
    void* p = nullptr;
    const cudaError_t error = cudaMallocAsync(&p, elements == 0 ? 1 : elements * sizeof(T), stream_);
    if (error != cudaSuccess) return error;
    ptrs_[count_++] = p;
    *out = static_cast<T*>(p);
    return cudaSuccess;
  }

 private:
  static constexpr int kMax = 16;  // the most a kernel takes: grouped runs, 10
  cudaStream_t stream_;
  void* ptrs_[kMax] = {};
  int count_ = 0;
};

/// Calls f(T{}) with T the C++ type of an OrbitCudaType.
template <typename F>
cudaError_t DispatchType(int32_t type, F&& f) {
  switch (type) {
    case kOrbitCudaI32: return f(int32_t{});
    case kOrbitCudaI64: return f(int64_t{});
    case kOrbitCudaI128: return f(__int128{});
    case kOrbitCudaF64: return f(double{});
  }
  return cudaErrorInvalidValue;
}

/// Row position k of the considered rows -> row index.
struct SelectedRowOf {
  const uint32_t* sel;
  __host__ __device__ uint32_t operator()(uint32_t k) const { return sel == nullptr ? k : sel[k]; }
};

}  // namespace orbit::cuda_plugin
