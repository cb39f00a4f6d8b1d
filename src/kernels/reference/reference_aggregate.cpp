// Reference ungrouped aggregates: one pass over the rows in order.
//
// Integer SUM is defined on the exact total: narrower inputs are summed in an int128
// accumulator and only the final *sum + total is checked against SumT, so the outcome does
// not depend on the order rows are added in (which lets faster backends reorder). Only
// int128 inputs have no wider type; they check every step. On overflow *sum and *count are
// left as they were.
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

using kernels::IsValidRow;

template <typename T, typename SumT>
bool Sum(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count) {
  int64_t valid_rows = 0;
  if constexpr (std::is_floating_point_v<T>) {
    for (size_t i = 0; i < n; ++i) {
      if (!IsValidRow(validity, i)) continue;
      *sum += values[i];
      ++valid_rows;
    }
  } else if constexpr (sizeof(T) < sizeof(int128_t)) {
    int128_t total = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!IsValidRow(validity, i)) continue;
      total += values[i];
      ++valid_rows;
    }
    SumT result;
    if (__builtin_add_overflow(*sum, total, &result)) return false;
    *sum = result;
  } else {
    SumT running = *sum;
    for (size_t i = 0; i < n; ++i) {
      if (!IsValidRow(validity, i)) continue;
      if (__builtin_add_overflow(running, values[i], &running)) return false;
      ++valid_rows;
    }
    *sum = running;
  }
  *count += valid_rows;
  return true;
}

template <typename T>
void Min(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsValidRow(validity, i)) continue;
    if (kernels::ValueLess(values[i], *acc)) *acc = values[i];
    ++*count;
  }
}

template <typename T>
void Max(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsValidRow(validity, i)) continue;
    if (kernels::ValueLess(*acc, values[i])) *acc = values[i];
    ++*count;
  }
}

}  // namespace

template <typename T, typename SumT>
AggregateKernels<T, SumT> Aggregate() {
  return {&Sum<T, SumT>, &Min<T>, &Max<T>};
}

template AggregateKernels<int32_t, int64_t> Aggregate();
template AggregateKernels<int64_t, int128_t> Aggregate();
template AggregateKernels<int128_t, int128_t> Aggregate();
template AggregateKernels<double, double> Aggregate();

}  // namespace orbit::reference
