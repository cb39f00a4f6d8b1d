// OpenCLKernels(): the opencl backend table, listed by the kernel registry only when an
// OpenCL device is present. Every entry is implemented; none falls back to the host
// except after a device error (see opencl_call.h).
#include "kernels/opencl/opencl_kernels.h"

#include "kernels/opencl/opencl_call.h"

namespace orbit {

const KernelTable* OpenCLKernelsIfPresent() {
  if (opencl::DefaultDevice() == nullptr) return nullptr;
  static const KernelTable table = [] {
    KernelTable t;
    t.backend = "opencl";
    t.filter_i32 = opencl::Filter<int32_t>();
    t.filter_i64 = opencl::Filter<int64_t>();
    t.filter_i128 = opencl::Filter<int128_t>();
    t.filter_f64 = opencl::Filter<double>();
    t.agg_i32 = opencl::Aggregate<int32_t, int64_t>();
    t.agg_i64 = opencl::Aggregate<int64_t, int128_t>();
    t.agg_i128 = opencl::Aggregate<int128_t, int128_t>();
    t.agg_f64 = opencl::Aggregate<double, double>();
    t.grouped_i32 = opencl::GroupedAggregate<int32_t, int64_t>();
    t.grouped_i64 = opencl::GroupedAggregate<int64_t, int128_t>();
    t.grouped_i128 = opencl::GroupedAggregate<int128_t, int128_t>();
    t.grouped_f64 = opencl::GroupedAggregate<double, double>();
    t.arith_i32 = opencl::Arithmetic<int32_t>();
    t.arith_i64 = opencl::Arithmetic<int64_t>();
    t.arith_i128 = opencl::Arithmetic<int128_t>();
    t.arith_f64 = opencl::Arithmetic<double>();
    t.hash = opencl::Hash();
    t.selection = opencl::Selection();
    t.take_failure = [] { return opencl::TakeFailureOutsidePipelines(); };
    return t;
  }();
  return &table;
}

}  // namespace orbit
