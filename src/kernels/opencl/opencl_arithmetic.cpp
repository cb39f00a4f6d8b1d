// Host side of arithmetic.cl: the kernel writes every row and keeps the first failing
// row's index; the host copies the results back.
#include <climits>

#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

template <typename T>
std::optional<int64_t> Binary(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity,
                              size_t n, T max_abs, T* out) {
  KernelCall call(KernelName<T>("arith"));
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  call.Input(a, n * sizeof(T));
  call.Input(b, (b_is_scalar ? 1 : n) * sizeof(T));
  call.Scalar<cl_int>(b_is_scalar ? 1 : 0);
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  call.Input(&max_abs, sizeof(T));
  const int result = call.Output(n * sizeof(T));
  const cl_int none = INT_MAX;
  const int failure_out = call.InputOutput(&none, sizeof(none));
  call.Launch(n);
  cl_int first_failure = INT_MAX;
  call.Read(failure_out, &first_failure, sizeof(first_failure));
  call.Read(result, out, n * sizeof(T));
  if (!call.Succeeded()) return std::nullopt;
  return first_failure == INT_MAX ? -1 : static_cast<int64_t>(first_failure);
}

template <typename T>
struct ArithmeticSteps {
  static constexpr auto binary = &Binary<T>;
};

}  // namespace

void AddArithmetic(KernelTable* table) { device::AddArithmeticEntries<ArithmeticSteps>(table); }

}  // namespace orbit::opencl
