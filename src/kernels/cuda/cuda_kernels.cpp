// CudaKernelsIfPresent(): the cuda backend table, listed by the kernel registry only when
// the plugin, the driver and a device are all present.
#include "kernels/cuda/cuda_kernels.h"

#include "kernels/cuda/cuda_call.h"

namespace orbit {

const KernelTable* CudaKernelsIfPresent() {
  if (cuda::DefaultDevice() == nullptr) return nullptr;
  static const KernelTable table = [] {
    KernelTable t;
    t.backend = "cuda";
    t.filter_i32 = cuda::Filter<int32_t>();
    t.filter_i64 = cuda::Filter<int64_t>();
    t.filter_i128 = cuda::Filter<int128_t>();
    t.filter_f64 = cuda::Filter<double>();
    t.agg_i32 = cuda::Aggregate<int32_t, int64_t>();
    t.agg_i64 = cuda::Aggregate<int64_t, int128_t>();
    t.agg_i128 = cuda::Aggregate<int128_t, int128_t>();
    t.agg_f64 = cuda::Aggregate<double, double>();
    t.grouped_i32 = cuda::GroupedAggregate<int32_t, int64_t>();
    t.grouped_i64 = cuda::GroupedAggregate<int64_t, int128_t>();
    t.grouped_i128 = cuda::GroupedAggregate<int128_t, int128_t>();
    t.grouped_f64 = cuda::GroupedAggregate<double, double>();
    t.arith_i32 = cuda::Arithmetic<int32_t>();
    t.arith_i64 = cuda::Arithmetic<int64_t>();
    t.arith_i128 = cuda::Arithmetic<int128_t>();
    t.arith_f64 = cuda::Arithmetic<double>();
    t.hash = cuda::Hash();
    t.selection = cuda::Selection();
    t.take_failure = [] { return cuda::TakeFailureOutsidePipelines(); };
    return t;
  }();
  return &table;
}

}  // namespace orbit
