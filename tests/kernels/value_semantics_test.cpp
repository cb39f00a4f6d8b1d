// value_semantics.h is the per-element code the CUDA kernels run on the GPU and the
// reference runs on the CPU. Its overflow checks are written without compiler builtins
// (nvcc device code has none), so they are checked here against GCC's builtins on every
// operator, extremes and random values of each integer width.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

#include "kernels/value_semantics.h"

namespace orbit::kernels {
namespace {

template <typename T>
bool BuiltinOp(ArithmeticOp op, T a, T b, T* out) {
  switch (op) {
    case ArithmeticOp::kAdd: return !__builtin_add_overflow(a, b, out);
    case ArithmeticOp::kSub: return !__builtin_sub_overflow(a, b, out);
    case ArithmeticOp::kMul: return !__builtin_mul_overflow(a, b, out);
  }
  return false;
}

template <typename T>
std::vector<T> Extremes() {
  const T max = std::numeric_limits<T>::max();
  const T min = std::numeric_limits<T>::min();
  std::vector<T> values = {0,
                           1,
                           -1,
                           2,
                           -2,
                           3,
                           max,
                           min,
                           static_cast<T>(max - 1),
                           static_cast<T>(min + 1),
                           static_cast<T>(max / 2),
                           static_cast<T>(min / 2),
                           static_cast<T>(max / 2 + 1)};
  // Around the square root of max, where products start to overflow.
  T root = 1;
  while (root <= max / root / 4) root *= 2;
  for (T r : {root, static_cast<T>(root * 2), static_cast<T>(root - 1), static_cast<T>(root * 2 - 1)}) {
    values.push_back(r);
    values.push_back(-r);
  }
  return values;
}

template <typename T>
T RandomValue(std::mt19937_64& random) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); i += 8) v = static_cast<T>((static_cast<__int128>(v) << 64) | random());
  // Random bit widths, so small products (which must not overflow) are common too.
  const int shift = static_cast<int>(random() % (8 * sizeof(T)));
  return static_cast<T>(v >> shift);
}

template <typename T>
void CheckAgainstBuiltins() {
  std::vector<std::pair<T, T>> pairs;
  const auto extremes = Extremes<T>();
  for (T a : extremes) {
    for (T b : extremes) pairs.emplace_back(a, b);
  }
  std::mt19937_64 random(20261124);
  for (int i = 0; i < 20000; ++i) pairs.emplace_back(RandomValue<T>(random), RandomValue<T>(random));
  for (const auto& [a, b] : pairs) {
    for (ArithmeticOp op : {ArithmeticOp::kAdd, ArithmeticOp::kSub, ArithmeticOp::kMul}) {
      T expected{}, actual{};
      const bool expected_ok = BuiltinOp(op, a, b, &expected);
      const bool actual_ok = CheckedOp(op, a, b, &actual);
      ASSERT_EQ(actual_ok, expected_ok) << "op " << static_cast<int>(op) << " on " << static_cast<double>(a) << ", "
                                        << static_cast<double>(b);
      if (expected_ok) {
        ASSERT_TRUE(actual == expected);
      }
    }
  }
}

TEST(ValueSemantics, CheckedInt32MatchesBuiltins) { CheckAgainstBuiltins<int32_t>(); }
TEST(ValueSemantics, CheckedInt64MatchesBuiltins) { CheckAgainstBuiltins<int64_t>(); }
TEST(ValueSemantics, CheckedInt128MatchesBuiltins) { CheckAgainstBuiltins<__int128>(); }

TEST(ValueSemantics, MaxAbsBoundsTheResult) {
  int64_t out = 0;
  EXPECT_TRUE(CheckedArithmetic<int64_t>(ArithmeticOp::kAdd, 60, 40, 100, &out));
  EXPECT_FALSE(CheckedArithmetic<int64_t>(ArithmeticOp::kAdd, 60, 41, 100, &out));
  EXPECT_FALSE(CheckedArithmetic<int64_t>(ArithmeticOp::kSub, -60, 41, 100, &out));
  const int64_t max = std::numeric_limits<int64_t>::max();
  // Under the type's own maximum (a plain BIGINT) the type's minimum is a result like any other.
  EXPECT_TRUE(CheckedArithmetic<int64_t>(ArithmeticOp::kSub, -max, 1, max, &out));
  EXPECT_EQ(out, std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(CheckedArithmetic<int64_t>(ArithmeticOp::kSub, -max, 2, max, &out));
  // Under a decimal's bound, -max_abs is the lowest.
  EXPECT_TRUE(CheckedArithmetic<int64_t>(ArithmeticOp::kSub, -60, 40, 100, &out));
  EXPECT_FALSE(CheckedArithmetic<int64_t>(ArithmeticOp::kSub, -60, 41, 100, &out));
}

TEST(ValueSemantics, DoubleOrderIsPostgres) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(ValuesEqual(nan, -nan));
  EXPECT_TRUE(ValuesEqual(0.0, -0.0));
  EXPECT_TRUE(ValueLess(inf, nan));
  EXPECT_FALSE(ValueLess(nan, inf));
  EXPECT_TRUE(Compare(CompareOp::kGe, nan, nan));
  EXPECT_EQ(HashDouble(0.0), HashDouble(-0.0));
  EXPECT_EQ(HashDouble(nan), HashDouble(-nan));
  EXPECT_EQ(HashInt32(-5), HashInt64(-5));
  EXPECT_EQ(HashInt128(-5), HashInt64(-5));
}

}  // namespace
}  // namespace orbit::kernels
