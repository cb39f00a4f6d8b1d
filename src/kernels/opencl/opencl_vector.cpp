// Host side of vector.cl: the rows' vectors go in as they lie (a repeated vector once), the
// kernel writes one double per row. Rows go in slices of at most 128 MiB of each input:
// OpenCL guarantees a buffer of that size on every device, and PoCL refuses one the size of
// a whole 1M x 768 float column (3 GB).
#include <algorithm>

#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

/// The values rows [0, n) reach with this stride: one vector when the stride is 0.
inline size_t SpanValues(size_t stride, size_t dim, size_t n) { return (n - 1) * stride + dim; }

constexpr size_t kMaxInputBytes = size_t{128} << 20;

template <typename T>
bool SimilarityCall(device::VectorMetric metric, const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim,
                    size_t n, double* out) {
  KernelCall call(KernelName<T>("vector"));
  call.Scalar<cl_int>(static_cast<cl_int>(metric));
  call.Input(a, SpanValues(a_stride, dim, n) * sizeof(T));
  call.Scalar<cl_ulong>(a_stride);
  call.Input(b, SpanValues(b_stride, dim, n) * sizeof(T));
  call.Scalar<cl_ulong>(b_stride);
  call.Scalar<cl_ulong>(dim);
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int result = call.Output(n * sizeof(double));
  call.Launch(n);
  call.Read(result, out, n * sizeof(double));
  return call.Succeeded();
}

template <typename T>
bool Similarity(device::VectorMetric metric, const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim,
                size_t n, double* out) {
  const size_t row_bytes = std::max({a_stride, b_stride, dim}) * sizeof(T);
  const size_t rows_per_call = std::max<size_t>(1, kMaxInputBytes / row_bytes);
  for (size_t begin = 0; begin < n; begin += rows_per_call) {
    const size_t rows = std::min(rows_per_call, n - begin);
    if (!SimilarityCall(metric, a + begin * a_stride, a_stride, b + begin * b_stride, b_stride, dim, rows,
                        out + begin)) {
      return false;
    }
  }
  return true;
}

template <typename T>
struct VectorSteps {
  static constexpr auto similarity = &Similarity<T>;
};

}  // namespace

void AddVector(KernelTable* table) { device::AddVectorEntries<VectorSteps>(table); }

}  // namespace orbit::opencl
