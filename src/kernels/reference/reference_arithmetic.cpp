// Reference checked arithmetic: one row at a time through kernels::CheckedArithmetic (the
// compiler's overflow builtins plus the max_abs bound). NULL rows get 0 in `out`, and `out`
// is unspecified from the first failing row on.
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

template <typename T>
int64_t Binary(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity, size_t n, T max_abs,
               T* out) {
  for (size_t i = 0; i < n; ++i) {
    if (!kernels::IsValidRow(validity, i)) {
      out[i] = T{};
      continue;
    }
    const T rhs = b_is_scalar ? b[0] : b[i];
    if constexpr (std::is_floating_point_v<T>) {
      out[i] = kernels::ApplyArithmetic(op, a[i], rhs);
    } else {
      if (!kernels::CheckedArithmetic(op, a[i], rhs, max_abs, &out[i])) return static_cast<int64_t>(i);
    }
  }
  return -1;
}

}  // namespace

template <typename T>
ArithmeticKernels<T> Arithmetic() {
  return {&Binary<T>};
}

template ArithmeticKernels<int32_t> Arithmetic();
template ArithmeticKernels<int64_t> Arithmetic();
template ArithmeticKernels<int128_t> Arithmetic();
template ArithmeticKernels<double> Arithmetic();

}  // namespace orbit::reference
