// Host side of math.cu: every row and the first undecided one come back; the shared
// entries (device_kernel_table.h) finish from that row with the reference.
#include <limits>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

/// Runs one math launch over n rows: nullopt on device failure, else the first undecided row or -1.
std::optional<int64_t> Run(OrbitCudaMathArgs args, CudaCall& call, const uint8_t* validity, size_t n, double* out) {
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_out = static_cast<double*>(call.Output(n * sizeof(double)));
  const unsigned long long none = std::numeric_limits<unsigned long long>::max();
  args.d_first_undecided = static_cast<unsigned long long*>(call.InputOutput(&none, sizeof(none)));
  call.Launch(&OrbitCudaKernelApi::math, args);
  unsigned long long first_undecided = none;
  call.Read(&first_undecided, args.d_first_undecided, sizeof(first_undecided));
  call.Read(out, args.d_out, n * sizeof(double));
  if (!call.Succeeded()) return std::nullopt;
  return first_undecided == none ? -1 : static_cast<int64_t>(first_undecided);
}

const double* Argument(CudaCall& call, const double* host, bool scalar, size_t n) {
  return static_cast<const double*>(call.Input(host, (scalar ? 1 : n) * sizeof(double)));
}

std::optional<int64_t> Unary(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out) {
  CudaCall call("math_unary");
  OrbitCudaMathArgs args{};
  args.kind = kOrbitCudaMathUnary;
  args.op = static_cast<int32_t>(op);
  args.d_a = Argument(call, x, false, n);
  return Run(args, call, validity, n, out);
}

std::optional<int64_t> Power(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n,
                             double* out) {
  CudaCall call("math_power");
  OrbitCudaMathArgs args{};
  args.kind = kOrbitCudaMathPower;
  args.scalars = y_is_scalar ? 2 : 0;
  args.d_a = Argument(call, x, false, n);
  args.d_b = Argument(call, y, y_is_scalar, n);
  return Run(args, call, validity, n, out);
}

std::optional<int64_t> Decay(const kernels::DecayArguments& a, const uint8_t* validity, size_t n, double* out) {
  CudaCall call("math_decay");
  OrbitCudaMathArgs args{};
  args.kind = kOrbitCudaMathDecay;
  args.scalars = (a.value_is_scalar ? 1 : 0) | (a.elapsed_is_scalar ? 2 : 0) | (a.half_life_is_scalar ? 4 : 0);
  args.d_a = Argument(call, a.value, a.value_is_scalar, n);
  args.d_b = Argument(call, a.elapsed, a.elapsed_is_scalar, n);
  args.d_c = Argument(call, a.half_life, a.half_life_is_scalar, n);
  return Run(args, call, validity, n, out);
}

struct MathSteps {
  static constexpr auto unary = &Unary;
  static constexpr auto power = &Power;
  static constexpr auto decay = &Decay;
};

}  // namespace

void AddMath(KernelTable* table) {
  // libdevice's bounds (CUDA C Programming Guide, double precision), each plus one for the
  // reference's own rounding; decay adds the rounding of value * 2^t. Not yet measured on a GPU.
  device::AddMathEntries<MathSteps>(table,
                                    MathErrorBounds{.exp = 2, .ln = 2, .log10 = 3, .sqrt = 0, .power = 3, .decay = 3});
}

}  // namespace orbit::cuda
