// The operator enums kernels take, in a header with no library dependencies so that CUDA
// device code (nvcc) and host code share them.
#pragma once

#include <cstdint>

namespace orbit {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

enum class ArithmeticOp : uint8_t { kAdd, kSub, kMul };

/// The one-argument functions of MathKernels::unary (ln is the natural logarithm).
enum class MathOp : uint8_t { kExp, kLn, kLog10, kSqrt };

}  // namespace orbit
