// Host side of vector.cu: the rows' vectors go in as they lie (a repeated vector once), the
// kernel writes one double per row.
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

/// The values rows [0, n) reach with this stride: one vector when the stride is 0.
inline size_t SpanValues(size_t stride, size_t dim, size_t n) { return (n - 1) * stride + dim; }

template <typename T>
bool Similarity(device::VectorMetric metric, const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim,
                size_t n, double* out) {
  CudaCall call("vector_similarity");
  OrbitCudaVectorArgs args{};
  args.type = TypeCode<T>();
  args.metric = static_cast<int32_t>(metric);
  args.d_a = call.Input(a, SpanValues(a_stride, dim, n) * sizeof(T));
  args.a_stride = a_stride;
  args.d_b = call.Input(b, SpanValues(b_stride, dim, n) * sizeof(T));
  args.b_stride = b_stride;
  args.dim = dim;
  args.n = n;
  args.d_out = static_cast<double*>(call.Output(n * sizeof(double)));
  call.Launch(&OrbitCudaKernelApi::vector, args);
  call.Read(out, args.d_out, n * sizeof(double));
  return call.Succeeded();
}

template <typename T>
struct VectorSteps {
  static constexpr auto similarity = &Similarity<T>;
};

}  // namespace

void AddVector(KernelTable* table) { device::AddVectorEntries<VectorSteps>(table); }

}  // namespace orbit::cuda
