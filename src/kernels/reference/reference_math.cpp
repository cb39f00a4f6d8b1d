// Reference math: kernels/math_semantics.h row by row, with glibc's libm. NULL rows get 0.
#include "kernels/math_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

int64_t Unary(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out) {
  return kernels::MathRows(op, x, validity, 0, n, out);
}

int64_t Power(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n, double* out) {
  return kernels::PowerRows(x, y, y_is_scalar, validity, 0, n, out);
}

int64_t Decay(const double* value, bool value_is_scalar, const double* elapsed, bool elapsed_is_scalar,
              const double* half_life, bool half_life_is_scalar, const uint8_t* validity, size_t n, double* out) {
  const kernels::DecayArguments arguments{value,     value_is_scalar,    elapsed, elapsed_is_scalar,
                                          half_life, half_life_is_scalar};
  return kernels::DecayRows(arguments, validity, 0, n, out);
}

}  // namespace

MathKernels Math() { return {&Unary, &Power, &Decay, MathErrorBounds{}}; }

}  // namespace orbit::reference
