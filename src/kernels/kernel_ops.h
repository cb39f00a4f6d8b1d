// The operator enums kernels take, in a header with no library dependencies so that CUDA
// device code (nvcc) and host code share them.
#pragma once

#include <cstdint>

namespace orbit {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

enum class ArithmeticOp : uint8_t { kAdd, kSub, kMul };

}  // namespace orbit
