// Element-wise checked arithmetic on the GPU: the overflow rule is value_semantics.h's
// CheckedArithmetic, the same code the reference runs; the first failing row wins through
// an atomic minimum.
#include <cstring>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

template <typename T>
__global__ void BinaryKernel(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity,
                             uint64_t n, T max_abs, T* out, unsigned long long* first_failure) {
  for (uint64_t i = GlobalThread(); i < n; i += GridStride()) {
    if (!kernels::ValidBit(validity, i)) {
      out[i] = T{};  // as the reference: NULL rows hold 0
      continue;
    }
    const T rhs = b_is_scalar ? b[0] : b[i];
    if constexpr (T(0.5) != T(0)) {
      out[i] = kernels::ApplyArithmetic(op, a[i], rhs);
    } else {
      T result{};
      const bool ok = kernels::CheckedArithmetic(op, a[i], rhs, max_abs, &result);
      out[i] = result;
      if (!ok) atomicMin(first_failure, static_cast<unsigned long long>(i));
    }
  }
}

template <typename T>
cudaError_t RunArithmetic(const OrbitCudaArithmeticArgs& args, cudaStream_t stream) {
  if (args.n == 0) return cudaSuccess;
  T max_abs;
  std::memcpy(&max_abs, args.max_abs, sizeof(T));
  BinaryKernel<T><<<GridFor(args.n), kThreadsPerBlock, 0, stream>>>(
      static_cast<ArithmeticOp>(args.op), static_cast<const T*>(args.d_a), static_cast<const T*>(args.d_b),
      args.b_is_scalar != 0, args.d_validity, args.n, max_abs, static_cast<T*>(args.d_out), args.d_first_failure);
  return cudaGetLastError();
}

}  // namespace

cudaError_t Arithmetic(const OrbitCudaArithmeticArgs& args, cudaStream_t stream) {
  return DispatchType(args.type, [&](auto zero) { return RunArithmetic<decltype(zero)>(args, stream); });
}

}  // namespace orbit::cuda_plugin
