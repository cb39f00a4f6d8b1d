// Host side of arithmetic.cu: element-wise results and the first failing row.
#include <limits>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

template <typename T>
std::optional<int64_t> Binary(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity,
                              size_t n, T max_abs, T* out) {
  CudaCall call("arith_binary");
  OrbitCudaArithmeticArgs args{};
  args.type = TypeCode<T>();
  args.op = static_cast<int32_t>(op);
  args.b_is_scalar = b_is_scalar ? 1 : 0;
  args.d_a = call.Input(a, n * sizeof(T));
  args.d_b = call.Input(b, (b_is_scalar ? 1 : n) * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  std::memcpy(args.max_abs, &max_abs, sizeof(T));
  args.d_out = call.Output(n * sizeof(T));
  const unsigned long long none = std::numeric_limits<unsigned long long>::max();
  args.d_first_failure = static_cast<unsigned long long*>(call.InputOutput(&none, sizeof(none)));
  call.Launch(&OrbitCudaKernelApi::arithmetic, args);
  unsigned long long first_failure = none;
  call.Read(&first_failure, args.d_first_failure, sizeof(first_failure));
  if (first_failure == none) call.Read(out, args.d_out, n * sizeof(T));
  if (!call.Succeeded()) return std::nullopt;
  return first_failure == none ? -1 : static_cast<int64_t>(first_failure);
}

template <typename T>
struct ArithmeticSteps {
  static constexpr auto binary = &Binary<T>;
};

}  // namespace

void AddArithmetic(KernelTable* table) { device::AddArithmeticEntries<ArithmeticSteps>(table); }

}  // namespace orbit::cuda
