// Checked arithmetic of every backend agrees with the reference: the same first failing
// row (overflow of the type or of a decimal's precision bound), and the same results on
// every valid row before it. Doubles must match bit for bit (IEEE +, -, * are exact
// operations; NaN payloads aside).
#include <limits>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

/// The bound a result's magnitude must not exceed: the type's maximum, or 10^p - 1 for a
/// DECIMAL of precision p stored in T.
template <typename T>
rc::Gen<T> GenMaxAbs() {
  if constexpr (std::is_floating_point_v<T>) {
    return rc::gen::just(std::numeric_limits<T>::infinity());
  } else {
    constexpr int kMaxDigits = std::numeric_limits<T>::digits10;
    return rc::gen::weightedOneOf<T>({
        {1, rc::gen::just(std::numeric_limits<T>::max())},
        {2, rc::gen::map(rc::gen::inRange(1, kMaxDigits + 1),
                         [](int digits) {
                           T bound = 1;
                           for (int d = 0; d < digits; ++d) bound *= 10;
                           return static_cast<T>(bound - 1);
                         })},
    });
  }
}

template <typename T>
bool SameResult(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return SameDoubleResult(a, b);
  } else {
    return a == b;
  }
}

template <typename T>
void CheckBinary(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto left = *GenColumn<T>(n);
    const bool scalar = *rc::gen::arbitrary<bool>();
    const std::vector<T> right_values = scalar ? std::vector<T>{*GenValue<T>()} : *GenValues<T>(n);
    const auto op = *rc::gen::element(ArithmeticOp::kAdd, ArithmeticOp::kSub, ArithmeticOp::kMul);
    const T max_abs = *GenMaxAbs<T>();
    const ColumnBuffers<T> a(left);
    const ExactBuffer<T> b(right_values, 0);

    // The validity is the result's (both inputs' combined): NULL rows never fail.
    ExactBuffer<T> expected(std::vector<T>(n), 0);
    ExactBuffer<T> actual(std::vector<T>(n), 0);
    const int64_t expected_failure =
        ArithmeticOf<T>(ReferenceKernels())
            .binary(op, a.data(), b.data(), scalar, a.bitmap(), n, max_abs, expected.data());
    const int64_t actual_failure =
        ArithmeticOf<T>(backend).binary(op, a.data(), b.data(), scalar, a.bitmap(), n, max_abs, actual.data());
    RC_ASSERT(actual_failure == expected_failure);
    const size_t checked_rows = expected_failure < 0 ? n : static_cast<size_t>(expected_failure);
    for (size_t i = 0; i < checked_rows; ++i) {
      if (left.IsValid(i)) RC_ASSERT(SameResult(actual.data()[i], expected.data()[i]));
    }
  });
}

class KernelArithmeticDifferential : public KernelDifferentialTest {};

TEST_P(KernelArithmeticDifferential, BinaryInt32) { CheckBinary<int32_t>(backend()); }
TEST_P(KernelArithmeticDifferential, BinaryInt64) { CheckBinary<int64_t>(backend()); }
TEST_P(KernelArithmeticDifferential, BinaryInt128) { CheckBinary<int128_t>(backend()); }
TEST_P(KernelArithmeticDifferential, BinaryDouble) { CheckBinary<double>(backend()); }

INSTANTIATE_TEST_SUITE_P(Backends, KernelArithmeticDifferential, ::testing::ValuesIn(BackendsUnderTest()),
                         BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
