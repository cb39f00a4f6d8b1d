// Reference grouped aggregates: row i updates the state at groups[i], in row order.
// Integer SUM checks every step against SumT and stops at the first overflow (the states
// are then partly updated; the caller reports an error and discards them).
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

using kernels::IsValidRow;

template <typename T, typename SumT>
bool GroupedSum(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, SumT* sums,
                int64_t* counts) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsValidRow(validity, i)) continue;
    const uint32_t g = groups[i];
    if constexpr (std::is_floating_point_v<T>) {
      sums[g] += values[i];
    } else {
      if (__builtin_add_overflow(sums[g], values[i], &sums[g])) return false;
    }
    counts[g] += 1;
  }
  return true;
}

template <typename T>
void GroupedMin(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs, int64_t* counts) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsValidRow(validity, i)) continue;
    const uint32_t g = groups[i];
    if (counts[g] == 0 || kernels::ValueLess(values[i], accs[g])) accs[g] = values[i];
    counts[g] += 1;
  }
}

template <typename T>
void GroupedMax(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs, int64_t* counts) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsValidRow(validity, i)) continue;
    const uint32_t g = groups[i];
    if (counts[g] == 0 || kernels::ValueLess(accs[g], values[i])) accs[g] = values[i];
    counts[g] += 1;
  }
}

}  // namespace

template <typename T, typename SumT>
GroupedAggregateKernels<T, SumT> GroupedAggregate() {
  return {&GroupedSum<T, SumT>, &GroupedMin<T>, &GroupedMax<T>};
}

template GroupedAggregateKernels<int32_t, int64_t> GroupedAggregate();
template GroupedAggregateKernels<int64_t, int128_t> GroupedAggregate();
template GroupedAggregateKernels<int128_t, int128_t> GroupedAggregate();
template GroupedAggregateKernels<double, double> GroupedAggregate();

}  // namespace orbit::reference
