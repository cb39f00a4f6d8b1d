// Host side of vector.cl: the rows' vectors go in as they lie (a repeated vector once), the
// kernel writes one double per row.
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

/// The values rows [0, n) reach with this stride: one vector when the stride is 0.
inline size_t SpanValues(size_t stride, size_t dim, size_t n) { return (n - 1) * stride + dim; }

template <typename T>
bool Similarity(device::VectorMetric metric, const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim,
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
struct VectorSteps {
  static constexpr auto similarity = &Similarity<T>;
};

}  // namespace

void AddVector(KernelTable* table) { device::AddVectorEntries<VectorSteps>(table); }

}  // namespace orbit::opencl
