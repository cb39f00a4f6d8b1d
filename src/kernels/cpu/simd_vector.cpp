// SIMD vector similarity for float and double vectors. Float values are widened to double
// lanes as they are loaded (PromoteTo) and every sum is accumulated in double, so the
// result differs from the reference's in-order double sum only by reassociation: at most
// about dim * 2^-53 of sum_j |a_j b_j|, far inside kernel_table.h's 1e-6 bound (float
// accumulation of 4096 terms is not). Several independent accumulators per sum hide the
// FMA latency, so a row streams at memory speed. When one side is a repeated vector
// (stride 0, the 1:N query), it is widened to double once and its squared norm computed
// once, rather than per row. Swapping the sides of a dot product or a difference changes
// no result, so the repeated vector always goes second.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_vector.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

using DoubleTag = hn::ScalableTag<double>;

/// Lanes(DoubleTag) values at p, as doubles.
template <typename T>
HWY_INLINE hn::Vec<DoubleTag> LoadAsDouble(DoubleTag dd, const T* p) {
  if constexpr (std::is_same_v<T, float>) {
    const hn::Rebind<float, DoubleTag> df;
    return hn::PromoteTo(dd, hn::LoadU(df, p));
  } else {
    return hn::LoadU(dd, p);
  }
}

HWY_INLINE double Total(DoubleTag dd, hn::Vec<DoubleTag> v) { return hn::GetLane(hn::SumOfLanes(dd, v)); }

/// sum_j x_j * y_j with four accumulators.
template <typename TX, typename TY>
HWY_INLINE double Dot(const TX* x, const TY* y, size_t dim) {
  const DoubleTag dd;
  const size_t lanes = hn::Lanes(dd);
  auto s0 = hn::Zero(dd), s1 = hn::Zero(dd), s2 = hn::Zero(dd), s3 = hn::Zero(dd);
  size_t j = 0;
  for (; j + 4 * lanes <= dim; j += 4 * lanes) {
    s0 = hn::MulAdd(LoadAsDouble(dd, x + j), LoadAsDouble(dd, y + j), s0);
    s1 = hn::MulAdd(LoadAsDouble(dd, x + j + lanes), LoadAsDouble(dd, y + j + lanes), s1);
    s2 = hn::MulAdd(LoadAsDouble(dd, x + j + 2 * lanes), LoadAsDouble(dd, y + j + 2 * lanes), s2);
    s3 = hn::MulAdd(LoadAsDouble(dd, x + j + 3 * lanes), LoadAsDouble(dd, y + j + 3 * lanes), s3);
  }
  for (; j + lanes <= dim; j += lanes) s0 = hn::MulAdd(LoadAsDouble(dd, x + j), LoadAsDouble(dd, y + j), s0);
  double sum = Total(dd, hn::Add(hn::Add(s0, s1), hn::Add(s2, s3)));
  for (; j < dim; ++j) sum += static_cast<double>(x[j]) * static_cast<double>(y[j]);
  return sum;
}

/// sum_j (x_j - y_j)^2 with four accumulators; the difference is taken in double.
template <typename TX, typename TY>
HWY_INLINE double SquaredDistance(const TX* x, const TY* y, size_t dim) {
  const DoubleTag dd;
  const size_t lanes = hn::Lanes(dd);
  auto s0 = hn::Zero(dd), s1 = hn::Zero(dd), s2 = hn::Zero(dd), s3 = hn::Zero(dd);
  auto step = [&](size_t at, hn::Vec<DoubleTag> acc) {
    const auto d = hn::Sub(LoadAsDouble(dd, x + at), LoadAsDouble(dd, y + at));
    return hn::MulAdd(d, d, acc);
  };
  size_t j = 0;
  for (; j + 4 * lanes <= dim; j += 4 * lanes) {
    s0 = step(j, s0);
    s1 = step(j + lanes, s1);
    s2 = step(j + 2 * lanes, s2);
    s3 = step(j + 3 * lanes, s3);
  }
  for (; j + lanes <= dim; j += lanes) s0 = step(j, s0);
  double sum = Total(dd, hn::Add(hn::Add(s0, s1), hn::Add(s2, s3)));
  for (; j < dim; ++j) {
    const double d = static_cast<double>(x[j]) - static_cast<double>(y[j]);
    sum += d * d;
  }
  return sum;
}

struct DotAndNorms {
  double dot, xx, yy;
};

/// dot(x, y), |x|^2 and, when kWithYY, |y|^2, two accumulators each.
template <bool kWithYY, typename TX, typename TY>
HWY_INLINE DotAndNorms DotWithNorms(const TX* x, const TY* y, size_t dim) {
  const DoubleTag dd;
  const size_t lanes = hn::Lanes(dd);
  auto d0 = hn::Zero(dd), d1 = hn::Zero(dd), x0 = hn::Zero(dd), x1 = hn::Zero(dd), y0 = hn::Zero(dd), y1 = hn::Zero(dd);
  size_t j = 0;
  for (; j + 2 * lanes <= dim; j += 2 * lanes) {
    const auto xa = LoadAsDouble(dd, x + j), ya = LoadAsDouble(dd, y + j);
    const auto xb = LoadAsDouble(dd, x + j + lanes), yb = LoadAsDouble(dd, y + j + lanes);
    d0 = hn::MulAdd(xa, ya, d0);
    d1 = hn::MulAdd(xb, yb, d1);
    x0 = hn::MulAdd(xa, xa, x0);
    x1 = hn::MulAdd(xb, xb, x1);
    if constexpr (kWithYY) {
      y0 = hn::MulAdd(ya, ya, y0);
      y1 = hn::MulAdd(yb, yb, y1);
    }
  }
  for (; j + lanes <= dim; j += lanes) {
    const auto xa = LoadAsDouble(dd, x + j), ya = LoadAsDouble(dd, y + j);
    d0 = hn::MulAdd(xa, ya, d0);
    x0 = hn::MulAdd(xa, xa, x0);
    if constexpr (kWithYY) y0 = hn::MulAdd(ya, ya, y0);
  }
  DotAndNorms r{Total(dd, hn::Add(d0, d1)), Total(dd, hn::Add(x0, x1)), kWithYY ? Total(dd, hn::Add(y0, y1)) : 0.0};
  for (; j < dim; ++j) {
    const double xj = x[j], yj = y[j];
    r.dot += xj * yj;
    r.xx += xj * xj;
    if constexpr (kWithYY) r.yy += yj * yj;
  }
  return r;
}

HWY_INLINE double Cosine(double dot, double xx, double yy) {
  return xx == 0 || yy == 0 ? std::numeric_limits<double>::quiet_NaN() : dot / (std::sqrt(xx) * std::sqrt(yy));
}

/// The longest float query widened on the stack (32 KB); a longer one is used as it is.
constexpr size_t kWidenedQueryMax = 4096;

/// One side repeated (a stride of 0): calls f(rows, stride, query) with the query widened
/// to double once, so each row converts only its own values. Returns false otherwise.
template <typename T, class F>
HWY_INLINE bool WithRepeatedQuery(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, F f) {
  if (a_stride != 0 && b_stride != 0) return false;
  const T* query = a_stride == 0 ? a : b;
  const T* rows = a_stride == 0 ? b : a;
  const size_t stride = a_stride == 0 ? b_stride : a_stride;
  if constexpr (std::is_same_v<T, float>) {
    if (dim <= kWidenedQueryMax) {
      double widened[kWidenedQueryMax];
      std::copy(query, query + dim, widened);
      f(rows, stride, static_cast<const double*>(widened));
      return true;
    }
  }
  f(rows, stride, query);
  return true;
}

template <typename T>
void InnerProduct(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  if (n == 0) return;
  if (WithRepeatedQuery(a, a_stride, b, b_stride, dim, [&](const T* rows, size_t stride, const auto* query) {
        for (size_t i = 0; i < n; ++i) out[i] = Dot(rows + i * stride, query, dim);
      })) {
    return;
  }
  for (size_t i = 0; i < n; ++i) out[i] = Dot(a + i * a_stride, b + i * b_stride, dim);
}

template <typename T>
void CosineSimilarity(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  if (n == 0) return;
  // A repeated vector goes on the y side, so its norm is computed once.
  if (WithRepeatedQuery(a, a_stride, b, b_stride, dim, [&](const T* rows, size_t stride, const auto* query) {
        const double qq = DotWithNorms<false>(query, query, dim).xx;
        for (size_t i = 0; i < n; ++i) {
          const DotAndNorms r = DotWithNorms<false>(rows + i * stride, query, dim);
          out[i] = Cosine(r.dot, r.xx, qq);
        }
      })) {
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const DotAndNorms r = DotWithNorms<true>(a + i * a_stride, b + i * b_stride, dim);
    out[i] = Cosine(r.dot, r.xx, r.yy);
  }
}

template <typename T>
void L2Squared(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  if (n == 0) return;
  if (WithRepeatedQuery(a, a_stride, b, b_stride, dim, [&](const T* rows, size_t stride, const auto* query) {
        for (size_t i = 0; i < n; ++i) out[i] = SquaredDistance(rows + i * stride, query, dim);
      })) {
    return;
  }
  for (size_t i = 0; i < n; ++i) out[i] = SquaredDistance(a + i * a_stride, b + i * b_stride, dim);
}

template <typename T>
void L2Distance(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  L2Squared(a, a_stride, b, b_stride, dim, n, out);
  for (size_t i = 0; i < n; ++i) out[i] = std::sqrt(out[i]);
}

template <typename T>
VectorKernels<T> VectorEntries() {
  return {&InnerProduct<T>, &CosineSimilarity<T>, &L2Distance<T>, &L2Squared<T>};
}

}  // namespace

void SetVectorEntries(KernelTable* table) {
  table->vector_f32 = VectorEntries<float>();
  table->vector_f64 = VectorEntries<double>();
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetVectorEntries);

void FillVectorKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetVectorEntries)(table); }

}  // namespace orbit::simd
#endif
