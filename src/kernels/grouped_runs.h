// Grouped SUM/MIN/MAX over a group's rows cut into runs, so that one group's many rows are
// summed by many threads and the answer is still the reference's (DESIGN rule 1). Each run
// (consecutive rows of one group, in row order) is summarised on its own; the summaries are
// then folded into the group's state in run order. For an integer SUM a summary also keeps
// the highest and lowest running total inside the run: the reference, adding row by row
// from the group's state s, overflows at some row exactly when s + highest or s + lowest
// leaves the accumulator's range, so folding reports overflow exactly when it would.
// Running totals must fit in the accumulator type: true for INTEGER (into BIGINT) and
// BIGINT (into the 128-bit accumulator) over runs of fewer than 2^31 rows, not for 128-bit
// values, which keep one thread per group. DOUBLE sums are regrouped (within the 1e-9 the
// suite allows); MIN and MAX are exact in any order.
// Written once, ORBIT_HOST_DEVICE: the CUDA kernels run it, the CPU tests check it.
#pragma once

#include "kernels/value_semantics.h"

namespace orbit::kernels {

enum class GroupedOp : int32_t { kSum = 0, kMin = 1, kMax = 2 };

template <typename Acc>
struct RunSummary {
  Acc total{};    // SUM: the run's sum; MIN/MAX: its best value (when count > 0)
  Acc highest{};  // integer SUM: the highest and lowest running total within the run
  Acc lowest{};
  int64_t count = 0;  // valid rows
};

/// Whether SUM of T into Acc can be cut into runs (running totals fit in Acc).
template <typename T, typename Acc>
constexpr bool kSumSplitsIntoRuns = static_cast<T>(0.5) != static_cast<T>(0) || sizeof(Acc) > sizeof(T);

/// Runs of a group of `rows` rows, `run_rows` rows each (the last may be shorter).
ORBIT_HOST_DEVICE uint32_t RunsOfGroup(uint32_t rows, uint32_t run_rows) { return (rows + run_rows - 1) / run_rows; }

/// Where run r lies, the runs numbered group after group: run_starts[g] is the first run
/// of group g (an exclusive sum of RunsOfGroup, with run_starts[group_count] = all runs),
/// starts[g] the first position of its rows in `order`.
struct RunLocation {
  uint32_t group;
  uint32_t begin;  // positions [begin, end) of `order`
  uint32_t end;
};
ORBIT_HOST_DEVICE RunLocation LocateRun(uint32_t r, const uint32_t* starts, const uint32_t* run_starts,
                                        uint32_t group_count, uint32_t run_rows) {
  // The last group g with run_starts[g] <= r (groups without rows have no runs).
  uint32_t lo = 0, hi = group_count;
  while (hi - lo > 1) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (run_starts[mid] <= r) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const uint32_t begin = starts[lo] + (r - run_starts[lo]) * run_rows;
  const uint32_t end = begin + run_rows < starts[lo + 1] ? begin + run_rows : starts[lo + 1];
  return {lo, begin, end};
}

/// Summarises rows order[begin, end), ascending rows of one group.
template <typename T, typename Acc>
ORBIT_HOST_DEVICE RunSummary<Acc> SummariseRun(GroupedOp op, const T* values, const uint8_t* validity,
                                               const uint32_t* order, uint32_t begin, uint32_t end) {
  RunSummary<Acc> run;
  for (uint32_t k = begin; k < end; ++k) {
    const uint32_t row = order[k];
    if (!ValidBit(validity, row)) continue;
    const T v = values[row];
    if (op == GroupedOp::kSum) {
      run.total += static_cast<Acc>(v);  // cannot overflow: kSumSplitsIntoRuns
      if constexpr (static_cast<T>(0.5) == static_cast<T>(0)) {
        if (run.total > run.highest) run.highest = run.total;
        if (run.total < run.lowest) run.lowest = run.total;
      }
    } else if constexpr (sizeof(Acc) == sizeof(T)) {
      const bool better =
          op == GroupedOp::kMin ? ValueLess(v, static_cast<T>(run.total)) : ValueLess(static_cast<T>(run.total), v);
      if (run.count == 0 || better) run.total = static_cast<Acc>(v);
    }
    ++run.count;
  }
  return run;
}

/// Folds a run into the group's state (*acc, *count), the runs taken in row order.
/// Returns false when an integer SUM overflows (the state is then to be discarded).
template <typename T, typename Acc>
ORBIT_HOST_DEVICE bool FoldRun(GroupedOp op, const RunSummary<Acc>& run, Acc* acc, int64_t* count) {
  if (run.count == 0) return true;
  if (op == GroupedOp::kSum) {
    if constexpr (static_cast<T>(0.5) != static_cast<T>(0)) {
      *acc += run.total;
    } else {
      Acc ignored;
      if (!CheckedOp(ArithmeticOp::kAdd, *acc, run.highest, &ignored) ||
          !CheckedOp(ArithmeticOp::kAdd, *acc, run.lowest, &ignored)) {
        return false;
      }
      *acc += run.total;  // between acc + lowest and acc + highest: fits
    }
  } else if constexpr (sizeof(Acc) == sizeof(T)) {
    const T best = static_cast<T>(run.total);
    const bool better =
        op == GroupedOp::kMin ? ValueLess(best, static_cast<T>(*acc)) : ValueLess(static_cast<T>(*acc), best);
    if (*count == 0 || better) *acc = run.total;
  }
  *count += run.count;
  return true;
}

}  // namespace orbit::kernels
