// Vector similarity of every backend against the reference, and the reference against an
// independent long-double evaluation, within the bounds kernel_table.h states: with
// S = sum_j |a_j b_j|, inner product within 1e-6 S; squared L2 within 1e-6 of itself, L2
// within 1e-6 of itself; cosine within 1e-6 (S / (|a| |b|) + |ref|). Non-finite results
// must match exactly (NaN as NaN, an infinity by sign).
//
// Each property case draws one seed and builds from it, with std::mt19937_64, n rows of a
// dimension that is mostly small (1, odd sizes, a few lanes) and sometimes up to 4097,
// strides 0 (one vector repeated) or dim, unaligned starts, and vectors that break
// kernels: zero vectors, NaN and infinities, huge and tiny scales, near-duplicates (L2
// cancellation) and integers (exact ties and zeros). Every kernel sees over 10,000 rows
// per type and backend.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

constexpr int kCases = 450;
constexpr size_t kRowsPerKernel = 10000;

template <typename T>
struct VectorCase {
  uint64_t seed = 0;
  size_t dim = 0, n = 0, a_stride = 0, b_stride = 0, offset = 0;
  std::vector<T> a, b;  // (n - 1) * stride + dim values each
  std::string style;

  const T* row_a(size_t i) const { return a.data() + i * a_stride; }
  const T* row_b(size_t i) const { return b.data() + i * b_stride; }
  std::string Describe() const {
    std::ostringstream s;
    s << "case seed=" << seed << " dim=" << dim << " n=" << n << " a_stride=" << a_stride << " b_stride=" << b_stride
      << " offset=" << offset << " style=" << style;
    return s.str();
  }
};

size_t PickDim(std::mt19937_64& random) {
  const size_t kind = random() % 16;
  if (kind < 2) return 1;
  if (kind < 8) return 2 + random() % 15;
  if (kind < 12) return 17 + random() % 114;
  if (kind < 14) return (131 + random() % 900) | 1;                             // odd
  static constexpr size_t kLarge[] = {384, 768, 1023, 1536, 4095, 4096, 4097};  // 4097: past the SIMD widened query
  return kLarge[random() % std::size(kLarge)];
}

/// Fills `count` values in one of several styles; `partner` (if non-null) is the other
/// side's values, for near-duplicates.
template <typename T>
void FillValues(std::mt19937_64& random, int style, double scale, std::vector<T>* values,
                const std::vector<T>* partner) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (size_t j = 0; j < values->size(); ++j) {
    double v = unit(random) * scale;
    if (style == 1) v = static_cast<double>(static_cast<int>(random() % 7) - 3);  // ties, zeros
    if (style == 2 && partner != nullptr && j < partner->size()) {
      v = static_cast<double>((*partner)[j]) * (1 + 1e-6 * unit(random));  // near-duplicate
    }
    (*values)[j] = static_cast<T>(v);
  }
}

template <typename T>
VectorCase<T> MakeCase(uint64_t seed) {
  std::mt19937_64 random(seed);
  VectorCase<T> c;
  c.seed = seed;
  c.dim = PickDim(random);
  c.n = c.dim <= 130 ? 1 + random() % 64 : 1 + random() % (c.dim >= 2048 ? 2 : 6);
  c.a_stride = random() % 3 == 0 ? 0 : c.dim;
  c.b_stride = random() % 4 == 0 ? 0 : c.dim;
  c.offset = random() % 2;
  c.a.resize((c.n - 1) * c.a_stride + c.dim);
  c.b.resize((c.n - 1) * c.b_stride + c.dim);
  // Scales keep every double sum of squares finite (no overflow, no underflow to denormals),
  // where the bound is meaningful; float squares cannot leave double's range at all.
  const int max_exponent = std::is_same_v<T, float> ? 30 : 90;
  const int style = static_cast<int>(random() % 4);
  const double scale =
      style == 3 ? std::pow(10.0, static_cast<int>(random() % (2 * max_exponent + 1)) - max_exponent) : 1.0;
  FillValues<T>(random, style, scale, &c.a, nullptr);
  FillValues(random, style, scale, &c.b, &c.a);
  c.style = std::to_string(style) + " scale=" + ToString(scale);
  // Specials: a zero vector, or NaN / +-inf values, in a few rows.
  const int specials = static_cast<int>(random() % 6);
  if (specials >= 3) {
    std::vector<T>& side = random() % 2 ? c.a : c.b;
    const size_t vectors = (side.size() - c.dim) / c.dim + 1;
    const size_t row = random() % vectors;
    if (specials == 3) {
      std::fill(side.begin() + static_cast<std::ptrdiff_t>(row * c.dim),
                side.begin() + static_cast<std::ptrdiff_t>(row * c.dim + c.dim), T{0});
      c.style += " zero-vector";
    } else {
      static constexpr T kSpecial[] = {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                                       -std::numeric_limits<T>::infinity()};
      side[row * c.dim + random() % c.dim] = kSpecial[random() % 3];
      if (specials == 5) side[row * c.dim + random() % c.dim] = kSpecial[random() % 3];
      c.style += " non-finite";
    }
  }
  return c;
}

/// An independent evaluation in long double (64-bit mantissa), with the bound's scale.
struct Independent {
  long double dot = 0, xx = 0, yy = 0, abs_dot = 0, l2 = 0;
};

template <typename T>
Independent Evaluate(const T* x, const T* y, size_t dim) {
  Independent r;
  for (size_t j = 0; j < dim; ++j) {
    const long double xj = x[j], yj = y[j];
    r.dot += xj * yj;
    r.abs_dot += std::fabs(xj * yj);
    r.xx += xj * xj;
    r.yy += yj * yj;
    r.l2 += (xj - yj) * (xj - yj);
  }
  return r;
}

enum Metric { kInnerProduct, kCosine, kL2Distance, kL2Squared };
constexpr const char* kMetricNames[] = {"inner_product", "cosine_similarity", "l2_distance", "l2_squared"};

double Bound(Metric metric, const Independent& e, double ref) {
  switch (metric) {
    case kInnerProduct: return 1e-6 * static_cast<double>(e.abs_dot);
    case kCosine:
      if (e.xx == 0 || e.yy == 0) return 0;  // the result is NaN, compared as such
      return 1e-6 * (static_cast<double>(e.abs_dot / (std::sqrt(e.xx) * std::sqrt(e.yy))) + std::fabs(ref));
    case kL2Distance:
    case kL2Squared: return 1e-6 * ref;
  }
  return 0;
}

/// Within the bound; non-finite results equal (NaN with NaN, infinities by sign).
bool WithinBound(double expected, double actual, double bound) {
  if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  return std::fabs(actual - expected) <= bound;
}

template <typename T>
using VectorFn = void (*)(const T*, size_t, const T*, size_t, size_t, size_t, double*);

template <typename T>
VectorFn<T> Entry(const VectorKernels<T>& family, Metric metric) {
  switch (metric) {
    case kInnerProduct: return family.inner_product;
    case kCosine: return family.cosine_similarity;
    case kL2Distance: return family.l2_distance;
    case kL2Squared: return family.l2_squared;
  }
  return nullptr;
}

/// The long-double value of a metric (the reference checked against it needs no IEEE
/// special cases: those inputs are compared between backends only).
double IndependentValue(Metric metric, const Independent& e) {
  switch (metric) {
    case kInnerProduct: return static_cast<double>(e.dot);
    case kCosine: return e.xx == 0 || e.yy == 0 ? std::nan("") : static_cast<double>(e.dot / std::sqrt(e.xx * e.yy));
    case kL2Distance: return static_cast<double>(std::sqrt(e.l2));
    case kL2Squared: return static_cast<double>(e.l2);
  }
  return 0;
}

template <typename T>
void CheckVectorKernels(const KernelTable& backend) {
  size_t rows_checked = 0;
  CheckProperty(
      [&] {
        const VectorCase<T> c = MakeCase<T>(*rc::gen::arbitrary<uint64_t>());
        const ExactBuffer<T> a(c.a, c.offset), b(c.b, c.offset);
        for (Metric metric : {kInnerProduct, kCosine, kL2Distance, kL2Squared}) {
          ExactBuffer<double> expected(std::vector<double>(c.n), 0), actual(std::vector<double>(c.n), 0);
          Entry(VectorsOf<T>(ReferenceKernels()), metric)(a.data(), c.a_stride, b.data(), c.b_stride, c.dim, c.n,
                                                          expected.data());
          Entry(VectorsOf<T>(backend), metric)(a.data(), c.a_stride, b.data(), c.b_stride, c.dim, c.n, actual.data());
          for (size_t i = 0; i < c.n; ++i) {
            const Independent e = Evaluate(c.row_a(i), c.row_b(i), c.dim);
            const double ref = expected.data()[i];
            const double bound = Bound(metric, e, ref);
            if (!WithinBound(ref, actual.data()[i], bound)) {
              RC_FAIL(std::string(kMetricNames[metric]) + " row " + std::to_string(i) + ": reference " + ToString(ref) +
                      ", " + backend.backend + " " + ToString(actual.data()[i]) + ", bound " + ToString(bound) + "; " +
                      c.Describe());
            }
            const double independent = IndependentValue(metric, e);
            if (std::isfinite(ref) && !WithinBound(independent, ref, bound)) {
              RC_FAIL(std::string(kMetricNames[metric]) + " row " + std::to_string(i) + ": reference " + ToString(ref) +
                      ", long double " + ToString(independent) + "; " + c.Describe());
            }
          }
        }
        rows_checked += c.n;
      },
      kCases);
  EXPECT_GE(rows_checked, kRowsPerKernel) << "too few rows drawn: raise kCases";
}

class KernelVectorDifferential : public KernelDifferentialTest {};

TEST_P(KernelVectorDifferential, Float) { CheckVectorKernels<float>(backend()); }
TEST_P(KernelVectorDifferential, Double) { CheckVectorKernels<double>(backend()); }

/// Hand-picked rows with known answers, so a kernel that agrees with a wrong reference
/// still fails: orthogonal, parallel, opposite, zero and NaN vectors, dim 1.
TEST_P(KernelVectorDifferential, KnownAnswers) {
  const std::vector<float> a = {1, 0, 0, 2, 2, 1, 3, 4, 0, 0, 0, 0};
  const std::vector<float> b = {0, 5, 0, 4, 4, 2, -3, -4, 0, 1, 2, 3};
  const auto& vectors = backend().vector_f32;
  std::vector<double> out(4);
  vectors.inner_product(a.data(), 3, b.data(), 3, 3, 4, out.data());
  EXPECT_EQ(out, (std::vector<double>{0, 18, -25, 0}));
  vectors.cosine_similarity(a.data(), 3, b.data(), 3, 3, 4, out.data());
  EXPECT_NEAR(out[0], 0, 1e-12);
  EXPECT_NEAR(out[1], 1, 1e-12);
  EXPECT_NEAR(out[2], -1, 1e-12);
  EXPECT_TRUE(std::isnan(out[3])) << "cosine with a zero vector is NaN";
  vectors.l2_squared(a.data(), 3, b.data(), 3, 3, 4, out.data());
  EXPECT_EQ(out, (std::vector<double>{26, 9, 100, 14}));
  vectors.l2_distance(a.data(), 0, b.data(), 3, 3, 4, out.data());  // a's first vector against each row
  EXPECT_NEAR(out[0], std::sqrt(26.0), 1e-12);
  EXPECT_NEAR(out[1], std::sqrt(29.0), 1e-12);
  const std::vector<double> one = {std::nan("")}, two = {2.0};
  double single = 0;
  backend().vector_f64.inner_product(one.data(), 1, two.data(), 1, 1, 1, &single);
  EXPECT_TRUE(std::isnan(single));
  backend().vector_f64.l2_distance(two.data(), 0, two.data(), 0, 1, 1, &single);
  EXPECT_EQ(single, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, KernelVectorDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
