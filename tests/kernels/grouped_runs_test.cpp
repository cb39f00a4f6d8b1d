// grouped_runs.h, the run-by-run grouped SUM/MIN/MAX the CUDA kernels run: for random
// columns, groups (some empty) and starting states (near the accumulator's limits too, with
// values of both signs so that a running total can overflow midway and come back), cutting
// each group's rows into runs of a random length, locating every run as a GPU thread does,
// summarising them and folding each group's in order gives the reference's answer: the same overflow verdict and,
// without overflow, the same sums and counts (DOUBLE within 1e-9), and the same MIN and MAX.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/grouped_runs.h"
#include "kernels/kernel_table.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::kernels {
namespace {

constexpr uint32_t kGroups = 6;

template <typename T>
T RandomValue(std::mt19937_64& rng) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
  } else {
    // Mostly small values, some of the type's extremes, both signs.
    switch (rng() % 4) {
      case 0: return std::numeric_limits<T>::max() - static_cast<T>(rng() % 1000);
      case 1: return std::numeric_limits<T>::min() + static_cast<T>(rng() % 1000);
      default: return static_cast<T>(static_cast<int64_t>(rng() % 2001) - 1000);
    }
  }
}

template <typename Acc>
Acc RandomStart(std::mt19937_64& rng) {
  if constexpr (std::is_floating_point_v<Acc>) {
    return std::uniform_real_distribution<double>(-10, 10)(rng);
  } else {
    switch (rng() % 3) {
      case 0: return Acc{0};
      case 1: return std::numeric_limits<Acc>::max() - static_cast<Acc>(rng() % (uint64_t{1} << 40));
      default: return std::numeric_limits<Acc>::min() + static_cast<Acc>(rng() % (uint64_t{1} << 40));
    }
  }
}

/// The reference's states after `groups`, and the verdict; then the same by runs.
template <typename T, typename Acc>
void CheckOnce(GroupedOp op, std::mt19937_64& rng) {
  const size_t n = 1 + rng() % 300;
  std::vector<T> values(n);
  std::vector<uint32_t> groups(n);
  std::vector<uint8_t> validity((n + 7) / 8, 0xFF);
  for (size_t i = 0; i < n; ++i) {
    values[i] = RandomValue<T>(rng);
    groups[i] = static_cast<uint32_t>(rng() % (kGroups - 1));  // the last group stays empty
    if (rng() % 7 == 0) validity[i / 8] &= static_cast<uint8_t>(~(1u << (i % 8)));
  }
  std::vector<Acc> expected(kGroups), actual;
  std::vector<int64_t> expected_counts(kGroups), actual_counts;
  for (uint32_t g = 0; g < kGroups; ++g) {
    expected_counts[g] = rng() % 3;
    expected[g] = op == GroupedOp::kSum ? RandomStart<Acc>(rng) : static_cast<Acc>(RandomValue<T>(rng));
  }
  actual = expected;
  actual_counts = expected_counts;

  const auto reference = reference::GroupedAggregate<T, SumTypeOf<T>>();
  bool expected_ok = true;
  if constexpr (std::is_same_v<Acc, SumTypeOf<T>>) {
    if (op == GroupedOp::kSum) {
      expected_ok =
          reference.sum(values.data(), validity.data(), groups.data(), n, expected.data(), expected_counts.data());
    }
  }
  if constexpr (std::is_same_v<Acc, T>) {
    if (op != GroupedOp::kSum) {
      (op == GroupedOp::kMin ? reference.min : reference.max)(values.data(), validity.data(), groups.data(), n,
                                                              expected.data(), expected_counts.data());
    }
  }

  // Rows listed group by group, ascending; each group's list cut at random points.
  std::vector<uint32_t> order;
  std::vector<uint32_t> starts(1, 0);
  for (uint32_t g = 0; g < kGroups; ++g) {
    for (uint32_t i = 0; i < n; ++i) {
      if (groups[i] == g) order.push_back(i);
    }
    starts.push_back(static_cast<uint32_t>(order.size()));
  }
  // Runs of run_rows rows numbered group after group and located as the GPU threads do:
  // each run summarised on its own, then each group's runs folded in order.
  const uint32_t run_rows = 1 + static_cast<uint32_t>(rng() % 40);
  std::vector<uint32_t> run_starts(1, 0);
  for (uint32_t g = 0; g < kGroups; ++g)
    run_starts.push_back(run_starts[g] + RunsOfGroup(starts[g + 1] - starts[g], run_rows));
  std::vector<RunSummary<Acc>> runs(run_starts[kGroups]);
  for (uint32_t r = 0; r < run_starts[kGroups]; ++r) {
    const RunLocation at = LocateRun(r, starts.data(), run_starts.data(), kGroups, run_rows);
    ASSERT_TRUE(at.begin < at.end && at.end <= starts[at.group + 1] && at.begin >= starts[at.group]);
    runs[r] = SummariseRun<T, Acc>(op, values.data(), validity.data(), order.data(), at.begin, at.end);
  }
  bool actual_ok = true;
  for (uint32_t g = 0; g < kGroups && actual_ok; ++g) {
    for (uint32_t r = run_starts[g]; r < run_starts[g + 1] && actual_ok; ++r) {
      actual_ok = FoldRun<T, Acc>(op, runs[r], &actual[g], &actual_counts[g]);
    }
  }
  ASSERT_EQ(actual_ok, expected_ok);
  if (!expected_ok) return;  // both discard their states
  ASSERT_EQ(actual_counts, expected_counts);
  for (uint32_t g = 0; g < kGroups; ++g) {
    if constexpr (std::is_floating_point_v<Acc>) {
      ASSERT_NEAR(actual[g], expected[g], 1e-9 * (std::fabs(expected[g]) + 1e6 * static_cast<double>(n)));
    } else {
      ASSERT_TRUE(actual[g] == expected[g]) << "group " << g;
    }
  }
}

template <typename T, typename Acc>
void Check(GroupedOp op) {
  std::mt19937_64 rng(20261124 + static_cast<int>(op) * 7 + sizeof(T));
  for (int trial = 0; trial < 3000; ++trial) {
    CheckOnce<T, Acc>(op, rng);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(GroupedRunsTest, IntegerSumsOverflowExactlyWhereTheReferenceDoes) {
  Check<int32_t, int64_t>(GroupedOp::kSum);
  Check<int64_t, __int128>(GroupedOp::kSum);
}

TEST(GroupedRunsTest, DoubleSumsAgreeWithinTolerance) { Check<double, double>(GroupedOp::kSum); }

TEST(GroupedRunsTest, MinAndMaxAreExact) {
  for (GroupedOp op : {GroupedOp::kMin, GroupedOp::kMax}) {
    Check<int32_t, int32_t>(op);
    Check<int64_t, int64_t>(op);
    Check<__int128, __int128>(op);
    Check<double, double>(op);
  }
}

TEST(GroupedRunsTest, SumsOf128BitValuesDoNotSplit) {
  // Their running totals may not fit in the 128-bit accumulator: one thread per group.
  EXPECT_FALSE((kSumSplitsIntoRuns<__int128, __int128>));
  EXPECT_TRUE((kSumSplitsIntoRuns<int64_t, __int128>));
  EXPECT_TRUE((kSumSplitsIntoRuns<int32_t, int64_t>));
  EXPECT_TRUE((kSumSplitsIntoRuns<double, double>));
}

}  // namespace
}  // namespace orbit::kernels
