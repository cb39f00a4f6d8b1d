// Math kernels of every backend against the reference (glibc's libm, row by row): the same
// first failing row, exactly, and on every valid row before it a result within the
// backend's stated bound (MathKernels::bounds) in ULP, counted across the subnormals.
// Two kinds of test per function: RapidCheck properties (NULLs, odd lengths, unaligned
// starts, scalar arguments, NaN, infinities, zeros, negatives, subnormals, errors placed
// anywhere), and a sweep of 10,000 random rows plus every special value in one call, whose
// largest error is printed: those are the figures the bounds state.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <limits>
#include <random>

#include "kernel_test_support.h"
#include "kernels/math_semantics.h"

namespace orbit::kernel_test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Distance between two doubles in representable steps (0 for equal values and for two
/// NaNs; infinite when only one is NaN or infinite).
double UlpDistance(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : kInf;
  if (a == b) return 0;
  if (std::isinf(a) || std::isinf(b)) return kInf;
  const auto ordered = [](double v) {
    int64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    return bits < 0 ? -static_cast<__int128>(bits & INT64_MAX) : static_cast<__int128>(bits);
  };
  const __int128 d = ordered(a) - ordered(b);
  return static_cast<double>(d < 0 ? -d : d);
}

/// The values that break math code: signed zeros, infinities, NaN, subnormals, the ends of
/// the doubles, and the inputs around exp's overflow and underflow.
const std::vector<double>& SpecialValues() {
  static const std::vector<double> values = {
      0.0,     -0.0,     kInf,      -kInf,     kNaN,      -kNaN,     1.0,        -1.0,       0.5,    2.0,
      DBL_MIN, -DBL_MIN, DBL_MAX,   -DBL_MAX,  4.9e-324,  -4.9e-324, 1e-310,     -1e-310,    709.78, 709.79,
      -745.13, -745.14,  -708.5,    -720.0,    1e-300,    1e300,     1024.0,     -1075.0,    3.0,    -3.0,
      0.1,     1e-16,    1 + 1e-15, 1 - 1e-16, 12345.678, -0.25,     1e15 + 1.0, -1e15 - 1.0};
  return values;
}

enum class Kind : uint8_t { kExp, kLn, kLog10, kSqrt, kPower, kDecay };

const char* KindName(Kind kind) {
  static const char* const kNames[] = {"exp", "ln", "log10", "sqrt", "power", "decay"};
  return kNames[static_cast<int>(kind)];
}

double BoundOf(const MathErrorBounds& bounds, Kind kind) {
  const double all[] = {bounds.exp, bounds.ln, bounds.log10, bounds.sqrt, bounds.power, bounds.decay};
  return all[static_cast<int>(kind)];
}

/// A random double that is typical for argument `argument` of `kind` (one that succeeds),
/// 93% of the time; otherwise a special value.
rc::Gen<double> GenArgument(Kind kind, int argument) {
  const auto log_uniform = [](int low_exp, int high_exp, bool any_sign) {
    return rc::gen::exec([=] {
      const double mantissa = 1.0 + *rc::gen::inRange(0, 1 << 30) / static_cast<double>(1 << 30);
      const double v = std::ldexp(mantissa, *rc::gen::inRange(low_exp, high_exp));
      return any_sign && *rc::gen::arbitrary<bool>() ? -v : v;
    });
  };
  const auto uniform = [](double low, double high) {
    return rc::gen::map(rc::gen::inRange<int64_t>(0, int64_t{1} << 40), [=](int64_t k) {
      return low + (high - low) * (static_cast<double>(k) / static_cast<double>(int64_t{1} << 40));
    });
  };
  rc::Gen<double> typical = uniform(-1, 1);
  switch (kind) {
    case Kind::kExp: typical = rc::gen::oneOf(uniform(-745, 709.7), uniform(-5, 5)); break;
    case Kind::kLn:
    case Kind::kLog10: typical = rc::gen::oneOf(log_uniform(-1074, 1023, false), uniform(0.5, 2)); break;
    case Kind::kSqrt: typical = log_uniform(-1074, 1023, false); break;
    case Kind::kPower:
      typical = argument == 0 ? rc::gen::oneOf(log_uniform(-30, 30, false), uniform(0.9, 1.1),
                                               rc::gen::map(rc::gen::inRange(-20, 21), [](int v) { return v * 1.0; }))
                              : rc::gen::oneOf(uniform(-20, 20),
                                               rc::gen::map(rc::gen::inRange(-30, 31), [](int v) { return v * 1.0; }));
      break;
    case Kind::kDecay:
      typical = argument == 0   ? uniform(-1e6, 1e6)
                : argument == 1 ? rc::gen::oneOf(uniform(0, 1e4), uniform(-50, 3000))
                                : rc::gen::oneOf(uniform(0.01, 1e3), log_uniform(-20, 20, false));
      break;
  }
  return rc::gen::weightedOneOf<double>({{93, typical}, {7, rc::gen::elementOf(SpecialValues())}});
}

/// One call's inputs: up to three argument columns (or scalars) and the rows' validity.
struct MathCase {
  Kind kind = Kind::kExp;
  MathOp op = MathOp::kExp;
  size_t n = 0;
  std::vector<std::vector<double>> arguments;  // one value each for a scalar argument
  std::vector<bool> scalar;
  ColumnInput<double> validity;  // only its bitmap is used
};

std::ostream& operator<<(std::ostream& os, const MathCase& c) {
  os << KindName(c.kind) << " n=" << c.n;
  for (size_t a = 0; a < c.arguments.size(); ++a) {
    os << "\n  argument " << a << (c.scalar[a] ? " (scalar)" : "") << ":";
    for (size_t i = 0; i < c.arguments[a].size(); ++i) {
      const bool valid = c.scalar[a] || c.validity.IsValid(i);
      os << ' ' << (valid ? ToString(c.arguments[a][i]) : "null");
    }
  }
  return os;
}

/// Runs one backend's kernel on a case; returns the first failing row.
int64_t RunCase(const KernelTable& table, const MathCase& c, double* out) {
  std::vector<ExactBuffer<double>> buffers;
  for (const auto& values : c.arguments) buffers.emplace_back(values, 1);
  const ExactBuffer<uint8_t> bits(c.validity.validity, 0);
  const uint8_t* validity = c.validity.has_validity ? bits.data() : nullptr;
  switch (c.kind) {
    case Kind::kPower: return table.math.power(buffers[0].data(), buffers[1].data(), c.scalar[1], validity, c.n, out);
    case Kind::kDecay:
      return table.math.decay(buffers[0].data(), c.scalar[0], buffers[1].data(), c.scalar[1], buffers[2].data(),
                              c.scalar[2], validity, c.n, out);
    default: return table.math.unary(c.op, buffers[0].data(), validity, c.n, out);
  }
}

struct Comparison {
  int64_t expected_failure = -1, actual_failure = -1;
  double max_ulp = 0;
  size_t worst_row = 0;
};

Comparison Compare(const KernelTable& backend, const MathCase& c) {
  ExactBuffer<double> expected(std::vector<double>(c.n), 0);
  ExactBuffer<double> actual(std::vector<double>(c.n), 0);
  Comparison result;
  result.expected_failure = RunCase(ReferenceKernels(), c, expected.data());
  result.actual_failure = RunCase(backend, c, actual.data());
  const size_t checked = result.expected_failure < 0 ? c.n : static_cast<size_t>(result.expected_failure);
  for (size_t i = 0; i < checked; ++i) {
    if (!c.validity.IsValid(i)) continue;
    const double ulp = UlpDistance(actual.data()[i], expected.data()[i]);
    if (ulp > result.max_ulp || std::isnan(ulp)) {
      result.max_ulp = ulp;
      result.worst_row = i;
    }
  }
  return result;
}

MathCase MakeCase(Kind kind, size_t n, bool allow_scalars) {
  MathCase c;
  c.kind = kind;
  c.n = n;
  c.op = kind == Kind::kLn      ? MathOp::kLn
         : kind == Kind::kLog10 ? MathOp::kLog10
         : kind == Kind::kSqrt  ? MathOp::kSqrt
                                : MathOp::kExp;
  const int arguments = kind == Kind::kPower ? 2 : kind == Kind::kDecay ? 3 : 1;
  for (int a = 0; a < arguments; ++a) {
    // The first argument of a one- or two-argument function is always a column, as in the kernel.
    const bool may_be_scalar = allow_scalars && (kind == Kind::kDecay || a > 0);
    const bool scalar = may_be_scalar && *rc::gen::weightedElement<bool>({{1, true}, {2, false}});
    c.scalar.push_back(scalar);
    c.arguments.push_back(*rc::gen::container<std::vector<double>>(scalar ? 1 : n, GenArgument(kind, a)));
  }
  c.validity.has_validity = *rc::gen::weightedElement<bool>({{1, true}, {1, false}});
  if (c.validity.has_validity) c.validity.validity = *GenValidityBits(n);
  c.validity.values.resize(n);
  return c;
}

class KernelMathDifferential : public KernelDifferentialTest {
 protected:
  void CheckProperties(Kind kind) {
    const double bound = BoundOf(backend().math.bounds, kind);
    CheckProperty(
        [&] {
          const MathCase c = MakeCase(kind, *GenLength(), true);
          const Comparison r = Compare(backend(), c);
          RC_LOG() << c << "\n";
          RC_ASSERT(r.actual_failure == r.expected_failure);
          RC_ASSERT(r.max_ulp <= bound);
        },
        150);
  }

  // 10,000 random rows of typical arguments in one call, without NULLs or failures (the
  // properties and SpecialValuesEverywhere cover those): the errors this backend makes in
  // practice, printed (the figures the bounds state), and within its bound. Plain seeded
  // draws rather than RapidCheck, whose shrinking of 10,000-row inputs would not end.
  void Sweep(Kind kind) {
    const uint64_t seed = 16 + static_cast<uint64_t>(kind);
    std::mt19937_64 random(seed);
    const auto uniform = [&](double low, double high) {
      return std::uniform_real_distribution<double>(low, high)(random);
    };
    const auto log_uniform = [&](double low_exp, double high_exp) { return std::exp2(uniform(low_exp, high_exp)); };
    MathCase c;
    c.kind = kind;
    c.n = 10000;
    c.op = kind == Kind::kLn      ? MathOp::kLn
           : kind == Kind::kLog10 ? MathOp::kLog10
           : kind == Kind::kSqrt  ? MathOp::kSqrt
                                  : MathOp::kExp;
    const int arguments = kind == Kind::kPower ? 2 : kind == Kind::kDecay ? 3 : 1;
    c.arguments.assign(arguments, std::vector<double>(c.n));
    c.scalar.assign(arguments, false);
    for (size_t i = 0; i < c.n; ++i) {
      switch (kind) {
        case Kind::kExp: c.arguments[0][i] = i % 2 ? uniform(-745, 709.7) : uniform(-5, 5); break;
        case Kind::kLn:
        case Kind::kLog10: c.arguments[0][i] = i % 2 ? log_uniform(-1074, 1023.9) : uniform(0.5, 2); break;
        case Kind::kSqrt: c.arguments[0][i] = log_uniform(-1074, 1023.9); break;
        case Kind::kPower:
          c.arguments[0][i] = i % 3 == 0   ? log_uniform(-30, 30)
                              : i % 3 == 1 ? uniform(0.9, 1.1)
                                           : log_uniform(-1000, 1000);
          // y within what keeps x^y inside the doubles: |y log2 x| < 1000.
          c.arguments[1][i] =
              uniform(-1, 1) * std::min(1e6, 1000 / std::max(std::fabs(std::log2(c.arguments[0][i])), 1e-6));
          break;
        case Kind::kDecay:
          c.arguments[0][i] = uniform(-1e6, 1e6);
          c.arguments[1][i] = uniform(0, 1e4);
          c.arguments[2][i] = i % 2 ? uniform(0.01, 1e3) : log_uniform(-10, 20);
          break;
      }
    }
    const Comparison r = Compare(backend(), c);
    std::printf("  %s on %s: 10000 rows (seed %llu), first failure %lld, max error %.0f ULP (bound %.0f)\n",
                KindName(kind), backend().backend.c_str(), static_cast<unsigned long long>(seed),
                static_cast<long long>(r.expected_failure), r.max_ulp, BoundOf(backend().math.bounds, kind));
    EXPECT_EQ(r.expected_failure, -1) << "seed " << seed;
    EXPECT_EQ(r.actual_failure, r.expected_failure) << "seed " << seed;
    EXPECT_LE(r.max_ulp, BoundOf(backend().math.bounds, kind))
        << "seed " << seed << ", worst row " << r.worst_row << ": " << KindName(kind) << "("
        << c.arguments[0][r.worst_row] << (arguments > 1 ? ", " + ToString(c.arguments[1][r.worst_row]) : "") << ")";
  }
};

TEST_P(KernelMathDifferential, Exp) { CheckProperties(Kind::kExp); }
TEST_P(KernelMathDifferential, Ln) { CheckProperties(Kind::kLn); }
TEST_P(KernelMathDifferential, Log10) { CheckProperties(Kind::kLog10); }
TEST_P(KernelMathDifferential, Sqrt) { CheckProperties(Kind::kSqrt); }
TEST_P(KernelMathDifferential, Power) { CheckProperties(Kind::kPower); }
TEST_P(KernelMathDifferential, Decay) { CheckProperties(Kind::kDecay); }
TEST_P(KernelMathDifferential, SweepExp) { Sweep(Kind::kExp); }
TEST_P(KernelMathDifferential, SweepLn) { Sweep(Kind::kLn); }
TEST_P(KernelMathDifferential, SweepLog10) { Sweep(Kind::kLog10); }
TEST_P(KernelMathDifferential, SweepSqrt) { Sweep(Kind::kSqrt); }
TEST_P(KernelMathDifferential, SweepPower) { Sweep(Kind::kPower); }
TEST_P(KernelMathDifferential, SweepDecay) { Sweep(Kind::kDecay); }

// Every pair of special values through power, every triple (of a rotation) through decay,
// and every special value through the others: the reference's failures and special results
// exactly (within the bound where finite). One call per combination, so that an early
// failure hides nothing, of 16 equal rows, so that SIMD backends see it in whole vectors.
MathCase Repeated(Kind kind, std::vector<double> row) {
  constexpr size_t kRows = 16;
  MathCase c;
  c.kind = kind;
  c.n = kRows;
  c.op = kind == Kind::kLn      ? MathOp::kLn
         : kind == Kind::kLog10 ? MathOp::kLog10
         : kind == Kind::kSqrt  ? MathOp::kSqrt
                                : MathOp::kExp;
  for (double v : row) {
    c.arguments.emplace_back(kRows, v);
    c.scalar.push_back(false);
  }
  return c;
}

TEST_P(KernelMathDifferential, SpecialValuesEverywhere) {
  const auto& specials = SpecialValues();
  const size_t s = specials.size();
  std::vector<MathCase> cases;
  for (size_t i = 0; i < s; ++i) {
    for (size_t j = 0; j < s; ++j) {
      cases.push_back(Repeated(Kind::kPower, {specials[i], specials[j]}));
      cases.push_back(Repeated(Kind::kDecay, {specials[i], specials[j], specials[(i + j) % s]}));
    }
    for (Kind kind : {Kind::kExp, Kind::kLn, Kind::kLog10, Kind::kSqrt}) cases.push_back(Repeated(kind, {specials[i]}));
  }
  for (const MathCase& c : cases) {
    const Comparison r = Compare(backend(), c);
    EXPECT_EQ(r.actual_failure, r.expected_failure) << c;
    EXPECT_LE(r.max_ulp, BoundOf(backend().math.bounds, c.kind)) << c;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, KernelMathDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);

// The reference's rules, which the SQL functions keep (PostgreSQL's float8 behaviour).
TEST(MathSemantics, DomainAndRangeErrors) {
  double r = 0;
  EXPECT_FALSE(kernels::ApplyMath(MathOp::kLn, 0.0, &r));
  EXPECT_FALSE(kernels::ApplyMath(MathOp::kLog10, -1.0, &r));
  EXPECT_FALSE(kernels::ApplyMath(MathOp::kSqrt, -1.0, &r));
  EXPECT_TRUE(kernels::ApplyMath(MathOp::kSqrt, -0.0, &r));
  EXPECT_FALSE(kernels::ApplyMath(MathOp::kExp, 1000.0, &r));
  EXPECT_FALSE(kernels::ApplyMath(MathOp::kExp, -1000.0, &r));
  EXPECT_TRUE(kernels::ApplyMath(MathOp::kExp, -kInf, &r));
  EXPECT_EQ(r, 0.0);
  EXPECT_FALSE(kernels::ApplyPower(0.0, -1.0, &r));
  EXPECT_FALSE(kernels::ApplyPower(-8.0, 0.5, &r));
  EXPECT_TRUE(kernels::ApplyPower(-8.0, 3.0, &r));
  EXPECT_EQ(r, -512.0);
  EXPECT_FALSE(kernels::ApplyPower(10.0, 400.0, &r));
  EXPECT_TRUE(kernels::ApplyPower(kNaN, 0.0, &r));
  EXPECT_EQ(r, 1.0);
}

TEST(MathSemantics, Decay) {
  double r = 0;
  EXPECT_TRUE(kernels::ApplyDecay(8.0, 3.0, 1.0, &r));
  EXPECT_EQ(r, 1.0);
  EXPECT_TRUE(kernels::ApplyDecay(1.0, 1e6, 1.0, &r));  // decaying to zero is no error
  EXPECT_EQ(r, 0.0);
  EXPECT_FALSE(kernels::ApplyDecay(1.0, 1.0, 0.0, &r));
  EXPECT_FALSE(kernels::ApplyDecay(1.0, 1.0, -2.0, &r));
  EXPECT_FALSE(kernels::ApplyDecay(0.0, -2000.0, 1.0, &r));  // the factor 2^2000 overflows
  EXPECT_TRUE(kernels::ApplyDecay(2.0, 5.0, kInf, &r));      // an infinite half-life keeps the value
  EXPECT_EQ(r, 2.0);
  EXPECT_TRUE(kernels::ApplyDecay(1.0, 1.0, kNaN, &r));
  EXPECT_TRUE(std::isnan(r));
}

}  // namespace
}  // namespace orbit::kernel_test
