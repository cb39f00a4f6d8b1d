#include "functions/math_kernel_call.h"

#include <cstring>

namespace orbit {

const MathKernels& MathKernelsOf(const ScalarCall& call) {
  return (call.kernels != nullptr ? *call.kernels : ReferenceKernels()).math;
}

MathKernelResult::MathKernelResult(std::span<const ColumnView> arguments, int64_t rows)
    : rows_(rows), values_(Buffer::Allocate(static_cast<size_t>(rows) * sizeof(double))) {
  const size_t bytes = bitmap::Bytes(rows);
  for (const ColumnView& argument : arguments) {
    if (argument.validity == nullptr) continue;
    if (!validity_) {
      validity_ = Buffer::Allocate(bytes);
      std::memcpy(validity_->mutable_data(), argument.validity, bytes);
      continue;
    }
    uint8_t* bits = validity_->mutable_data();
    for (size_t b = 0; b < bytes; ++b) bits[b] &= argument.validity[b];
  }
}

ColumnPtr MathKernelResult::Finish() const {
  return std::make_shared<Column>(DataType::Double(), rows_, values_, validity_, nullptr, -1);
}

}  // namespace orbit
