// Reference vector similarity: each row's sums accumulated in double, in index order, and
// combined exactly as kernel_table.h defines them.
#include <cmath>
#include <limits>

#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

template <typename T>
void InnerProduct(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  for (size_t i = 0; i < n; ++i) {
    const T* x = a + i * a_stride;
    const T* y = b + i * b_stride;
    double dot = 0;
    for (size_t j = 0; j < dim; ++j) dot += static_cast<double>(x[j]) * static_cast<double>(y[j]);
    out[i] = dot;
  }
}

template <typename T>
void CosineSimilarity(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  for (size_t i = 0; i < n; ++i) {
    const T* x = a + i * a_stride;
    const T* y = b + i * b_stride;
    double dot = 0, xx = 0, yy = 0;
    for (size_t j = 0; j < dim; ++j) {
      const double xj = x[j], yj = y[j];
      dot += xj * yj;
      xx += xj * xj;
      yy += yj * yj;
    }
    out[i] = xx == 0 || yy == 0 ? std::numeric_limits<double>::quiet_NaN() : dot / (std::sqrt(xx) * std::sqrt(yy));
  }
}

template <typename T>
void L2Squared(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  for (size_t i = 0; i < n; ++i) {
    const T* x = a + i * a_stride;
    const T* y = b + i * b_stride;
    double sum = 0;
    for (size_t j = 0; j < dim; ++j) {
      const double d = static_cast<double>(x[j]) - static_cast<double>(y[j]);
      sum += d * d;
    }
    out[i] = sum;
  }
}

template <typename T>
void L2Distance(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  L2Squared(a, a_stride, b, b_stride, dim, n, out);
  for (size_t i = 0; i < n; ++i) out[i] = std::sqrt(out[i]);
}

}  // namespace

template <typename T>
VectorKernels<T> Vector() {
  return {&InnerProduct<T>, &CosineSimilarity<T>, &L2Distance<T>, &L2Squared<T>};
}

template VectorKernels<float> Vector();
template VectorKernels<double> Vector();

}  // namespace orbit::reference
