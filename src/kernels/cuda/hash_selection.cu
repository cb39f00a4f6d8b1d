// Hashes, bitmap-to-rows selection and gathers on the GPU. Hash values come from
// value_semantics.h, so a hash table built on one backend can be probed on another;
// from_bitmap is a CUB DeviceSelect over row indices.
#include <thrust/iterator/counting_iterator.h>
#include <cub/device/device_select.cuh>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

template <typename T>
__device__ uint64_t HashOf(T v) {
  if constexpr (sizeof(T) == 4) {
    return kernels::HashInt32(v);
  } else if constexpr (sizeof(T) == 16) {
    return kernels::HashInt128(v);
  } else if constexpr (T(0.5) != T(0)) {
    return kernels::HashDouble(v);
  } else {
    return kernels::HashInt64(v);
  }
}

template <typename T>
__global__ void HashFixed(const T* values, const uint8_t* validity, uint64_t n, bool combine, uint64_t* out) {
  for (uint64_t i = GlobalThread(); i < n; i += GridStride()) {
    const uint64_t h = kernels::ValidBit(validity, i) ? HashOf(values[i]) : kernels::kNullHash;
    out[i] = combine ? kernels::CombineHashes(out[i], h) : h;
  }
}

__global__ void HashStrings(const int32_t* offsets, const char* chars, const uint8_t* validity, uint64_t n,
                            bool combine, uint64_t* out) {
  for (uint64_t i = GlobalThread(); i < n; i += GridStride()) {
    const uint64_t h = kernels::ValidBit(validity, i)
                           ? kernels::HashBytes(chars + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]))
                           : kernels::kNullHash;
    out[i] = combine ? kernels::CombineHashes(out[i], h) : h;
  }
}

template <typename T>
cudaError_t LaunchHash(const OrbitCudaHashArgs& args, cudaStream_t stream) {
  HashFixed<T><<<GridFor(args.n), kThreadsPerBlock, 0, stream>>>(static_cast<const T*>(args.d_values), args.d_validity,
                                                                 args.n, args.combine != 0, args.d_out);
  return cudaGetLastError();
}

struct BitAndValid {
  const uint8_t* bits;
  const uint8_t* validity;
  __device__ bool operator()(uint32_t row) const {
    return kernels::ValidBit(bits, row) && kernels::ValidBit(validity, row);
  }
};

template <typename Word>
__global__ void GatherKernel(const Word* in, const uint32_t* sel, uint64_t count, Word* out) {
  for (uint64_t k = GlobalThread(); k < count; k += GridStride()) out[k] = in[sel[k]];
}

struct alignas(16) Word128 {
  uint64_t low, high;
};

}  // namespace

cudaError_t Hash(const OrbitCudaHashArgs& args, cudaStream_t stream) {
  if (args.n == 0) return cudaSuccess;
  switch (args.kind) {
    case kOrbitCudaHashI32: return LaunchHash<int32_t>(args, stream);
    case kOrbitCudaHashI64: return LaunchHash<int64_t>(args, stream);
    case kOrbitCudaHashI128: return LaunchHash<__int128>(args, stream);
    case kOrbitCudaHashF64: return LaunchHash<double>(args, stream);
    case kOrbitCudaHashString:
      HashStrings<<<GridFor(args.n), kThreadsPerBlock, 0, stream>>>(static_cast<const int32_t*>(args.d_values),
                                                                    args.d_chars, args.d_validity, args.n,
                                                                    args.combine != 0, args.d_out);
      return cudaGetLastError();
  }
  return cudaErrorInvalidValue;
}

cudaError_t FromBitmap(const OrbitCudaSelectionArgs& args, cudaStream_t stream) {
  const thrust::counting_iterator<uint32_t> rows(0);
  const BitAndValid predicate{static_cast<const uint8_t*>(args.d_in), args.d_validity};
  auto* out = static_cast<uint32_t*>(args.d_out);
  const auto n = static_cast<int64_t>(args.n);
  size_t temp_bytes = 0;
  ORBIT_CUDA_TRY(cub::DeviceSelect::If(nullptr, temp_bytes, rows, out, args.d_count, n, predicate, stream));
  Scratch scratch(stream);
  uint8_t* temp = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(temp_bytes, &temp));
  return cub::DeviceSelect::If(temp, temp_bytes, rows, out, args.d_count, n, predicate, stream);
}

cudaError_t Gather(const OrbitCudaSelectionArgs& args, cudaStream_t stream) {
  if (args.n == 0) return cudaSuccess;
  const unsigned grid = GridFor(args.n);
  switch (args.width) {
    case 4:
      GatherKernel<<<grid, kThreadsPerBlock, 0, stream>>>(static_cast<const uint32_t*>(args.d_in), args.d_sel, args.n,
                                                          static_cast<uint32_t*>(args.d_out));
      break;
    case 8:
      GatherKernel<<<grid, kThreadsPerBlock, 0, stream>>>(static_cast<const uint64_t*>(args.d_in), args.d_sel, args.n,
                                                          static_cast<uint64_t*>(args.d_out));
      break;
    case 16:
      GatherKernel<<<grid, kThreadsPerBlock, 0, stream>>>(static_cast<const Word128*>(args.d_in), args.d_sel, args.n,
                                                          static_cast<Word128*>(args.d_out));
      break;
    default: return cudaErrorInvalidValue;
  }
  return cudaGetLastError();
}

}  // namespace orbit::cuda_plugin
