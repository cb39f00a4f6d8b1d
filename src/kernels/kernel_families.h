// A KernelTable's families picked by element type, so code written once as a template over
// int32/int64/int128/double (float/double for vectors; the executor's filters, the differential suite, the
// benchmarks) reaches the right entries without its own switch.
#pragma once

#include <type_traits>

#include "kernels/kernel_table.h"

namespace orbit {

template <typename T>
const FilterKernels<T>& FiltersOf(const KernelTable& table) {
  if constexpr (std::is_same_v<T, int32_t>) return table.filter_i32;
  if constexpr (std::is_same_v<T, int64_t>) return table.filter_i64;
  if constexpr (std::is_same_v<T, int128_t>) return table.filter_i128;
  if constexpr (std::is_same_v<T, double>) return table.filter_f64;
}

template <typename T>
const auto& AggregatesOf(const KernelTable& table) {
  if constexpr (std::is_same_v<T, int32_t>) return table.agg_i32;
  if constexpr (std::is_same_v<T, int64_t>) return table.agg_i64;
  if constexpr (std::is_same_v<T, int128_t>) return table.agg_i128;
  if constexpr (std::is_same_v<T, double>) return table.agg_f64;
}

template <typename T>
const auto& GroupedAggregatesOf(const KernelTable& table) {
  if constexpr (std::is_same_v<T, int32_t>) return table.grouped_i32;
  if constexpr (std::is_same_v<T, int64_t>) return table.grouped_i64;
  if constexpr (std::is_same_v<T, int128_t>) return table.grouped_i128;
  if constexpr (std::is_same_v<T, double>) return table.grouped_f64;
}

template <typename T>
const ArithmeticKernels<T>& ArithmeticOf(const KernelTable& table) {
  if constexpr (std::is_same_v<T, int32_t>) return table.arith_i32;
  if constexpr (std::is_same_v<T, int64_t>) return table.arith_i64;
  if constexpr (std::is_same_v<T, int128_t>) return table.arith_i128;
  if constexpr (std::is_same_v<T, double>) return table.arith_f64;
}

template <typename T>
const VectorKernels<T>& VectorsOf(const KernelTable& table) {
  if constexpr (std::is_same_v<T, float>) return table.vector_f32;
  if constexpr (std::is_same_v<T, double>) return table.vector_f64;
}

}  // namespace orbit
