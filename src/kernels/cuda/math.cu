// Element-wise double math on the GPU with CUDA's libdevice (exp, log, exp2 within 1 ULP,
// log10 within 2, pow within 2, sqrt correctly rounded). A valid row the device cannot
// decide within that bound (a domain error, a special value, a result near the ends of the
// doubles) is left to the host, which computes it and every later row with the reference;
// the first such row wins through an atomic minimum. The rules are math.cl's.
#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

constexpr double kMaxDouble = 1.7976931348623157e308;

__device__ inline bool NormalPositive(double x) { return x >= 0x1p-1022 && x <= kMaxDouble; }
__device__ inline bool DecidedResult(double r) { return fabs(r) >= 0x1p-1020 && fabs(r) <= 0x1p1020; }

__device__ inline double Row(const double* p, int32_t scalars, int bit, uint64_t i) {
  return p[(scalars >> bit) & 1 ? 0 : i];
}

__global__ void MathKernel(OrbitCudaMathArgs args) {
  for (uint64_t i = GlobalThread(); i < args.n; i += GridStride()) {
    const double a = Row(args.d_a, args.scalars, 0, i);
    double r = 0;
    bool decided = false;
    if (args.kind == kOrbitCudaMathUnary) {
      switch (static_cast<MathOp>(args.op)) {
        case MathOp::kExp:
          r = exp(a);
          decided = a >= -708.0 && a <= 709.0;
          break;
        case MathOp::kLn:
          r = log(a);
          decided = NormalPositive(a);
          break;
        case MathOp::kLog10:
          r = log10(a);
          decided = NormalPositive(a);
          break;
        case MathOp::kSqrt:
          r = sqrt(a);
          decided = !(a < 0.0);
          break;
      }
    } else if (args.kind == kOrbitCudaMathPower) {
      const double b = Row(args.d_b, args.scalars, 1, i);
      r = pow(a, b);
      decided = NormalPositive(a) && fabs(b) <= kMaxDouble && DecidedResult(r);
    } else {
      const double e = Row(args.d_b, args.scalars, 1, i);
      const double h = Row(args.d_c, args.scalars, 2, i);
      const double t = -(e / h);
      r = a * exp2(t);
      decided = h > 0.0 && fabs(t) <= 1020.0 && fabs(r) <= 0x1p1020;
    }
    args.d_out[i] = r;
    if (!decided && kernels::ValidBit(args.d_validity, i)) {
      atomicMin(args.d_first_undecided, static_cast<unsigned long long>(i));
    }
  }
}

}  // namespace

cudaError_t Math(const OrbitCudaMathArgs& args, cudaStream_t stream) {
  if (args.n == 0) return cudaSuccess;
  MathKernel<<<GridFor(args.n), kThreadsPerBlock, 0, stream>>>(args);
  return cudaGetLastError();
}

}  // namespace orbit::cuda_plugin
