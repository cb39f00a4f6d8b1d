// ReferenceKernels(): the oracle table every other backend is checked against.
#include "kernels/reference/reference_kernels.h"

namespace orbit {

const KernelTable& ReferenceKernels() {
  static const KernelTable table = [] {
    KernelTable t;
    t.backend = "reference";
    t.filter_i32 = reference::Filter<int32_t>();
    t.filter_i64 = reference::Filter<int64_t>();
    t.filter_i128 = reference::Filter<int128_t>();
    t.filter_f64 = reference::Filter<double>();
    t.agg_i32 = reference::Aggregate<int32_t, int64_t>();
    t.agg_i64 = reference::Aggregate<int64_t, int128_t>();
    t.agg_i128 = reference::Aggregate<int128_t, int128_t>();
    t.agg_f64 = reference::Aggregate<double, double>();
    t.grouped_i32 = reference::GroupedAggregate<int32_t, int64_t>();
    t.grouped_i64 = reference::GroupedAggregate<int64_t, int128_t>();
    t.grouped_i128 = reference::GroupedAggregate<int128_t, int128_t>();
    t.grouped_f64 = reference::GroupedAggregate<double, double>();
    t.arith_i32 = reference::Arithmetic<int32_t>();
    t.arith_i64 = reference::Arithmetic<int64_t>();
    t.arith_i128 = reference::Arithmetic<int128_t>();
    t.arith_f64 = reference::Arithmetic<double>();
    t.hash = reference::Hash();
    t.selection = reference::Selection();
    t.vector_f32 = reference::Vector<float>();
    t.vector_f64 = reference::Vector<double>();
    t.top_k = reference::TopK();
    t.graph = reference::Graph();
    t.math = reference::Math();
    return t;
  }();
  return table;
}

}  // namespace orbit
