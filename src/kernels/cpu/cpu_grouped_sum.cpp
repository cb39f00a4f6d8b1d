// Grouped integer SUM for the cpu backend: the same answers as the reference (which checks
// every step for overflow) at a fraction of the cost when the groups are few.
//
// The reference's row-by-row updates form a dependency chain through the group's state
// whenever nearby rows share a group (a handful of groups: every row). Here each row adds
// into one of kLanes private accumulator copies, so consecutive rows of one group do not
// wait on each other, and the copies are folded into the states at the end. Step-by-step
// overflow cannot differ from the reference's because the fast path only runs when no
// step can overflow at all: every touched state is far from its type's limits and the
// rows are too few to reach them. Otherwise the reference runs.
#include <algorithm>
#include <array>
#include <limits>

#include "kernels/cpu/simd_kernels.h"
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::simd {
namespace {

constexpr size_t kLanes = 4;
// Private accumulators exist for group ids below this (kLanes * 256 * 16 bytes on the stack).
constexpr uint32_t kMaxFastGroups = 256;

/// The accumulator of an input type: wide enough that no sum of < 2^31 inputs overflows it.
template <typename T>
using LaneSum = std::conditional_t<sizeof(T) == 4, int64_t, int128_t>;

template <typename SumT>
constexpr SumT Headroom() {
  // A quarter of the state type's range: states below it plus a call's rows stay in range.
  return std::numeric_limits<SumT>::max() / 4;
}

template <typename T, typename SumT>
bool GroupedSum(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, SumT* sums,
                int64_t* counts) {
  static_assert(sizeof(T) <= 8, "int128 inputs have no wider accumulator; they use the reference");
  const auto reference = reference::GroupedAggregate<T, SumT>().sum;
  if (n == 0) return true;
  if (n >= (size_t{1} << 31)) return reference(values, validity, groups, n, sums, counts);
  uint32_t group_count = 0;
  for (size_t i = 0; i < n; ++i) group_count = std::max(group_count, groups[i] + 1);
  if (group_count > kMaxFastGroups) return reference(values, validity, groups, n, sums, counts);
  for (uint32_t g = 0; g < group_count; ++g) {
    if (sums[g] > Headroom<SumT>() || sums[g] < -Headroom<SumT>()) {
      return reference(values, validity, groups, n, sums, counts);
    }
  }

  std::array<std::array<LaneSum<T>, kMaxFastGroups>, kLanes> lane_sums;
  std::array<std::array<int64_t, kMaxFastGroups>, kLanes> lane_counts;
  for (size_t lane = 0; lane < kLanes; ++lane) {
    std::fill_n(lane_sums[lane].begin(), group_count, LaneSum<T>{0});
    std::fill_n(lane_counts[lane].begin(), group_count, 0);
  }
  if (validity == nullptr) {
    for (size_t i = 0; i < n; ++i) {
      lane_sums[i % kLanes][groups[i]] += values[i];
      lane_counts[i % kLanes][groups[i]] += 1;
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      const bool valid = kernels::IsValidRow(validity, i);
      lane_sums[i % kLanes][groups[i]] += valid ? values[i] : T{0};
      lane_counts[i % kLanes][groups[i]] += valid;
    }
  }
  for (uint32_t g = 0; g < group_count; ++g) {
    for (size_t lane = 0; lane < kLanes; ++lane) {
      sums[g] += static_cast<SumT>(lane_sums[lane][g]);
      counts[g] += lane_counts[lane][g];
    }
  }
  return true;
}

}  // namespace

void FillGroupedAggregateKernels(KernelTable* table) {
  table->grouped_i32.sum = &GroupedSum<int32_t, int64_t>;
  table->grouped_i64.sum = &GroupedSum<int64_t, int128_t>;
}

}  // namespace orbit::simd
