// Vector similarity on the GPU: one warp per row, its lanes reading the row's values
// side by side (coalesced) into double sums that a warp shuffle adds up. Sums are in
// double, as the reference's, reassociated across lanes (kernel_table.h's bound).
#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

constexpr int kWarp = 32;

__device__ inline double WarpSum(double v) {
  for (int offset = kWarp / 2; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

/// metric: 0 inner product, 1 cosine similarity, 2 L2 distance, 3 squared L2 distance.
template <typename T, int kMetric>
__global__ void SimilarityKernel(const T* a, uint64_t a_stride, const T* b, uint64_t b_stride, uint64_t dim, uint64_t n,
                                 double* out) {
  const unsigned lane = threadIdx.x % kWarp;
  // Every lane of a warp takes the same rows, so the whole warp reaches each shuffle.
  for (uint64_t i = GlobalThread() / kWarp; i < n; i += GridStride() / kWarp) {
    const T* x = a + i * a_stride;
    const T* y = b + i * b_stride;
    double s = 0, xx = 0, yy = 0;
    for (uint64_t j = lane; j < dim; j += kWarp) {
      const double xj = x[j], yj = y[j];
      if constexpr (kMetric >= 2) {
        const double d = xj - yj;
        s = fma(d, d, s);
      } else {
        s = fma(xj, yj, s);
        if constexpr (kMetric == 1) {
          xx = fma(xj, xj, xx);
          yy = fma(yj, yj, yy);
        }
      }
    }
    s = WarpSum(s);
    if constexpr (kMetric == 1) {
      xx = WarpSum(xx);
      yy = WarpSum(yy);
    }
    if (lane != 0) continue;
    if constexpr (kMetric == 0 || kMetric == 3) out[i] = s;
    if constexpr (kMetric == 2) out[i] = sqrt(s);
    if constexpr (kMetric == 1) {
      out[i] = xx == 0 || yy == 0 ? __longlong_as_double(0x7ff8000000000000LL) : s / (sqrt(xx) * sqrt(yy));
    }
  }
}

template <typename T, int kMetric>
cudaError_t Launch(const OrbitCudaVectorArgs& args, cudaStream_t stream) {
  SimilarityKernel<T, kMetric><<<GridFor(args.n * kWarp), kThreadsPerBlock, 0, stream>>>(
      static_cast<const T*>(args.d_a), args.a_stride, static_cast<const T*>(args.d_b), args.b_stride, args.dim, args.n,
      args.d_out);
  return cudaGetLastError();
}

template <typename T>
cudaError_t RunVector(const OrbitCudaVectorArgs& args, cudaStream_t stream) {
  switch (args.metric) {
    case 0: return Launch<T, 0>(args, stream);
    case 1: return Launch<T, 1>(args, stream);
    case 2: return Launch<T, 2>(args, stream);
    case 3: return Launch<T, 3>(args, stream);
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t Vector(const OrbitCudaVectorArgs& args, cudaStream_t stream) {
  if (args.n == 0) return cudaSuccess;
  if (args.type == kOrbitCudaF32) return RunVector<float>(args, stream);
  if (args.type == kOrbitCudaF64) return RunVector<double>(args, stream);
  return cudaErrorInvalidValue;
}

}  // namespace orbit::cuda_plugin
