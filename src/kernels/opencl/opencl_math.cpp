// Host side of math.cl: the kernel writes every row and the first row it left undecided;
// the shared entries (device_kernel_table.h) finish from there with the reference.
#include <climits>

#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

/// Launches, reads `out` and the first undecided row back: nullopt on device failure.
std::optional<int64_t> Finish(KernelCall& call, int result, size_t n, double* out) {
  const cl_int none = INT_MAX;
  const int undecided_out = call.InputOutput(&none, sizeof(none));
  call.Launch(n);
  cl_int first_undecided = INT_MAX;
  call.Read(undecided_out, &first_undecided, sizeof(first_undecided));
  call.Read(result, out, n * sizeof(double));
  if (!call.Succeeded()) return std::nullopt;
  return first_undecided == INT_MAX ? -1 : static_cast<int64_t>(first_undecided);
}

std::optional<int64_t> Unary(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out) {
  KernelCall call("math_unary");
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  call.Input(x, n * sizeof(double));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int result = call.Output(n * sizeof(double));
  return Finish(call, result, n, out);
}

std::optional<int64_t> Power(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n,
                             double* out) {
  KernelCall call("math_power");
  call.Input(x, n * sizeof(double));
  call.Input(y, (y_is_scalar ? 1 : n) * sizeof(double));
  call.Scalar<cl_int>(y_is_scalar ? 1 : 0);
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int result = call.Output(n * sizeof(double));
  return Finish(call, result, n, out);
}

std::optional<int64_t> Decay(const kernels::DecayArguments& a, const uint8_t* validity, size_t n, double* out) {
  KernelCall call("math_decay");
  call.Input(a.value, (a.value_is_scalar ? 1 : n) * sizeof(double));
  call.Input(a.elapsed, (a.elapsed_is_scalar ? 1 : n) * sizeof(double));
  call.Input(a.half_life, (a.half_life_is_scalar ? 1 : n) * sizeof(double));
  call.Scalar<cl_int>((a.value_is_scalar ? 1 : 0) | (a.elapsed_is_scalar ? 2 : 0) | (a.half_life_is_scalar ? 4 : 0));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int result = call.Output(n * sizeof(double));
  return Finish(call, result, n, out);
}

struct MathSteps {
  static constexpr auto unary = &Unary;
  static constexpr auto power = &Power;
  static constexpr auto decay = &Decay;
};

}  // namespace

void AddMath(KernelTable* table) {
  // OpenCL 1.2's bounds for exp, log, log10 (3 ULP), pow (16) and exp2 (3, then one more
  // rounding in value * 2^t), each plus one for the reference's own rounding.
  device::AddMathEntries<MathSteps>(table,
                                    MathErrorBounds{.exp = 4, .ln = 4, .log10 = 4, .sqrt = 0, .power = 17, .decay = 5});
}

}  // namespace orbit::opencl
