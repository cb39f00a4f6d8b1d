// Ungrouped and grouped SUM/MIN/MAX/COUNT of every backend agree with the reference:
// integers and decimals exactly (overflow included), doubles within 1e-9 of the summed
// magnitude, MIN/MAX under PostgreSQL's order (NaN greatest, -0.0 == 0.0).
#include <limits>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

/// A starting accumulator: the kernel's identity (what the executor starts from) or a real
/// value (what a second morsel's call starts from).
template <typename T>
T GenMinStart() {
  if constexpr (std::is_floating_point_v<T>) {
    return *rc::gen::arbitrary<bool>() ? std::numeric_limits<T>::quiet_NaN() : *GenValue<T>();
  } else {
    return *rc::gen::arbitrary<bool>() ? std::numeric_limits<T>::max() : *GenValue<T>();
  }
}

template <typename T>
T GenMaxStart() {
  if constexpr (std::is_floating_point_v<T>) {
    return *rc::gen::arbitrary<bool>() ? -std::numeric_limits<T>::infinity() : *GenValue<T>();
  } else {
    return *rc::gen::arbitrary<bool>() ? std::numeric_limits<T>::min() : *GenValue<T>();
  }
}

/// A running sum to start from: zero, small, or near the accumulator's limits so that
/// adding the column overflows.
template <typename SumT>
SumT GenSumStart() {
  if (*rc::gen::weightedElement<bool>({{2, true}, {1, false}})) return SumT{0};
  return *GenValue<SumT>();
}

template <typename T>
void CheckSum(const KernelTable& backend) {
  using SumT = SumTypeOf<T>;
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const SumT start = GenSumStart<SumT>();
    const int64_t start_count = *rc::gen::inRange<int64_t>(0, 1000);
    const ColumnBuffers<T> values(column);

    SumT expected = start, actual = start;
    int64_t expected_count = start_count, actual_count = start_count;
    const bool expected_ok =
        AggregatesOf<T>(ReferenceKernels()).sum(values.data(), values.bitmap(), n, &expected, &expected_count);
    const bool actual_ok = AggregatesOf<T>(backend).sum(values.data(), values.bitmap(), n, &actual, &actual_count);
    RC_ASSERT(actual_ok == expected_ok);
    RC_ASSERT(actual_count == expected_count);
    if constexpr (std::is_floating_point_v<T>) {
      const double magnitude = Magnitude(column) + std::fabs(start);
      if (DoubleSumIsComparable(magnitude)) RC_ASSERT(SumsAgree(expected, actual, magnitude));
    } else {
      RC_ASSERT(actual == expected);  // on overflow both must have left the sum untouched
    }
  });
}

template <typename T, bool kMin>
void CheckMinMax(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const T start = kMin ? GenMinStart<T>() : GenMaxStart<T>();
    const ColumnBuffers<T> values(column);
    T expected = start, actual = start;
    int64_t expected_count = 0, actual_count = 0;
    const auto& reference_kernels = AggregatesOf<T>(ReferenceKernels());
    const auto& backend_kernels = AggregatesOf<T>(backend);
    (kMin ? reference_kernels.min : reference_kernels.max)(values.data(), values.bitmap(), n, &expected,
                                                           &expected_count);
    (kMin ? backend_kernels.min : backend_kernels.max)(values.data(), values.bitmap(), n, &actual, &actual_count);
    RC_ASSERT(SameValue(actual, expected));
    RC_ASSERT(actual_count == expected_count);
  });
}

/// Group states of a grouped-aggregate call: some groups already hold a value from an
/// earlier morsel, the others are empty (count 0).
template <typename Acc>
struct GroupStates {
  std::vector<Acc> accs;
  std::vector<int64_t> counts;
};

template <typename Acc>
GroupStates<Acc> GenGroupStates(size_t groups) {
  GroupStates<Acc> states{std::vector<Acc>(groups, Acc{}), std::vector<int64_t>(groups, 0)};
  for (size_t g = 0; g < groups; ++g) {
    if (*rc::gen::weightedElement<bool>({{1, true}, {2, false}})) {
      states.accs[g] = *GenValue<Acc>();
      states.counts[g] = *rc::gen::inRange<int64_t>(1, 100);
    }
  }
  return states;
}

/// n group ids below a group count of 1 (every row in one group) up to n.
struct GroupIds {
  size_t group_count;
  std::vector<uint32_t> ids;
};

rc::Gen<GroupIds> GenGroupIds(size_t n) {
  return rc::gen::exec([n] {
    const size_t limit = std::max<size_t>(n, 1);
    const size_t groups =
        *rc::gen::weightedOneOf<size_t>({{2, rc::gen::inRange<size_t>(1, std::min<size_t>(limit, 8) + 1)},
                                         {1, rc::gen::inRange<size_t>(1, limit + 1)}});
    return GroupIds{groups, *rc::gen::container<std::vector<uint32_t>>(
                                n, rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(groups)))};
  });
}

std::ostream& operator<<(std::ostream& os, const GroupIds& groups) {
  os << "{groups=" << groups.group_count << " [";
  for (size_t i = 0; i < groups.ids.size(); ++i) os << (i == 0 ? "" : " ") << groups.ids[i];
  return os << "]}";
}

template <typename T>
void CheckGroupedSum(const KernelTable& backend) {
  using SumT = SumTypeOf<T>;
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const auto groups = *GenGroupIds(n);
    const auto start = GenGroupStates<SumT>(groups.group_count);
    const ColumnBuffers<T> values(column);
    const ExactBuffer<uint32_t> ids(groups.ids, 0);

    auto expected = start, actual = start;
    const bool expected_ok =
        GroupedAggregatesOf<T>(ReferenceKernels())
            .sum(values.data(), values.bitmap(), ids.data(), n, expected.accs.data(), expected.counts.data());
    const bool actual_ok = GroupedAggregatesOf<T>(backend).sum(values.data(), values.bitmap(), ids.data(), n,
                                                               actual.accs.data(), actual.counts.data());
    RC_ASSERT(actual_ok == expected_ok);
    if (!expected_ok) return;  // the states are partly updated and discarded by the caller
    RC_ASSERT(actual.counts == expected.counts);
    for (size_t g = 0; g < groups.group_count; ++g) {
      if constexpr (std::is_floating_point_v<T>) {
        double magnitude = std::fabs(start.accs[g]);
        for (size_t i = 0; i < n; ++i) {
          if (groups.ids[i] == g && column.IsValid(i) && std::isfinite(column.values[i])) {
            magnitude += std::fabs(column.values[i]);
          }
        }
        if (DoubleSumIsComparable(magnitude)) RC_ASSERT(SumsAgree(expected.accs[g], actual.accs[g], magnitude));
      } else {
        RC_ASSERT(actual.accs[g] == expected.accs[g]);
      }
    }
  });
}

template <typename T, bool kMin>
void CheckGroupedMinMax(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const auto groups = *GenGroupIds(n);
    const auto start = GenGroupStates<T>(groups.group_count);
    const ColumnBuffers<T> values(column);
    const ExactBuffer<uint32_t> ids(groups.ids, 0);
    const auto& reference_kernels = GroupedAggregatesOf<T>(ReferenceKernels());
    const auto& backend_kernels = GroupedAggregatesOf<T>(backend);

    auto expected = start, actual = start;
    (kMin ? reference_kernels.min : reference_kernels.max)(values.data(), values.bitmap(), ids.data(), n,
                                                           expected.accs.data(), expected.counts.data());
    (kMin ? backend_kernels.min : backend_kernels.max)(values.data(), values.bitmap(), ids.data(), n,
                                                       actual.accs.data(), actual.counts.data());
    RC_ASSERT(actual.counts == expected.counts);
    for (size_t g = 0; g < groups.group_count; ++g) {
      if (expected.counts[g] > 0) RC_ASSERT(SameValue(actual.accs[g], expected.accs[g]));
    }
  });
}

class KernelAggregateDifferential : public KernelDifferentialTest {};

TEST_P(KernelAggregateDifferential, SumInt32) { CheckSum<int32_t>(backend()); }
TEST_P(KernelAggregateDifferential, SumInt64) { CheckSum<int64_t>(backend()); }
TEST_P(KernelAggregateDifferential, SumInt128) { CheckSum<int128_t>(backend()); }
TEST_P(KernelAggregateDifferential, SumDouble) { CheckSum<double>(backend()); }

TEST_P(KernelAggregateDifferential, MinInt32) { CheckMinMax<int32_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, MinInt64) { CheckMinMax<int64_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, MinInt128) { CheckMinMax<int128_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, MinDouble) { CheckMinMax<double, true>(backend()); }
TEST_P(KernelAggregateDifferential, MaxInt32) { CheckMinMax<int32_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, MaxInt64) { CheckMinMax<int64_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, MaxInt128) { CheckMinMax<int128_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, MaxDouble) { CheckMinMax<double, false>(backend()); }

TEST_P(KernelAggregateDifferential, GroupedSumInt32) { CheckGroupedSum<int32_t>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedSumInt64) { CheckGroupedSum<int64_t>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedSumInt128) { CheckGroupedSum<int128_t>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedSumDouble) { CheckGroupedSum<double>(backend()); }

TEST_P(KernelAggregateDifferential, GroupedMinInt32) { CheckGroupedMinMax<int32_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMinInt64) { CheckGroupedMinMax<int64_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMinInt128) { CheckGroupedMinMax<int128_t, true>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMinDouble) { CheckGroupedMinMax<double, true>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMaxInt32) { CheckGroupedMinMax<int32_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMaxInt64) { CheckGroupedMinMax<int64_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMaxInt128) { CheckGroupedMinMax<int128_t, false>(backend()); }
TEST_P(KernelAggregateDifferential, GroupedMaxDouble) { CheckGroupedMinMax<double, false>(backend()); }

INSTANTIATE_TEST_SUITE_P(Backends, KernelAggregateDifferential, ::testing::ValuesIn(BackendsUnderTest()),
                         BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
