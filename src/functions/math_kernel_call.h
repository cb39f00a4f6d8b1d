// What the scalar functions computed by the math kernel family (kernels/kernel_table.h's
// MathKernels: exp, ln, log10, sqrt, power, decay) share: the table of the call's pipeline,
// the arguments' combined validity as the kernel takes it, and the result column.
#pragma once

#include <memory>
#include <span>

#include "columnar/column.h"
#include "functions/scalar_function.h"
#include "kernels/kernel_table.h"

namespace orbit {

/// The math kernels of the call's pipeline, or the reference's outside one (constant folding).
const MathKernels& MathKernelsOf(const ScalarCall& call);

/// The DOUBLE result of a math kernel call: NULL wherever an argument is.
class MathKernelResult {
 public:
  MathKernelResult(std::span<const ColumnView> arguments, int64_t rows);

  /// The validity the kernel reads: the arguments' bitmaps ANDed, or null when every row is valid.
  const uint8_t* validity() const { return validity_ ? validity_->data() : nullptr; }
  double* values() { return reinterpret_cast<double*>(values_->mutable_data()); }
  ColumnPtr Finish() const;

 private:
  int64_t rows_;
  std::shared_ptr<Buffer> values_;
  std::shared_ptr<Buffer> validity_;
};

}  // namespace orbit
