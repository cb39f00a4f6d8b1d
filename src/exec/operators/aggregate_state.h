// The running state of one aggregate (SUM, AVG, MIN, MAX, COUNT) for every group of a
// hash aggregation, updated through the aggregate kernels and merged across threads.
// SUM over integers and decimals accumulates exactly in 128 bits and fails loudly on
// overflow instead of wrapping. The statistics aggregates (variances, deviations,
// bool_and/bool_or) have no kernels: the host updates them here (IsHostOnlyAggregate). A
// DISTINCT aggregate keeps the distinct (group, value) pairs instead (DistinctValues) and
// computes its aggregate from them when it is finalized, on the host too. The per-group
// arrays are charged to the statement's memory account (memory_limit).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "common/large_allocation.h"
#include "common/status.h"
#include "exec/hash_tables/distinct_values.h"
#include "exec/operators/co_moments.h"
#include "exec/operators/collected_rows.h"
#include "kernels/kernel_table.h"
#include "plan/logical_plan.h"

namespace orbit {

/// An aggregate no kernel computes: the host runs it, so placement keeps its pipeline on
/// the CPU (HashAggregate::kernel_calls).
bool IsHostOnlyAggregate(AggregateKind kind);
/// covar_pop(y, x) and the other statistics of two arguments (AggregateCall::second).
bool IsBivariateAggregate(AggregateKind kind);
/// Whether the host alone runs `call` (IsHostOnlyAggregate, or DISTINCT).
bool IsHostOnlyCall(const AggregateCall& call);

class AggregateState {
 public:
  explicit AggregateState(const AggregateCall& call);

  void Resize(size_t groups);
  /// Adds n rows of `argument` (null for COUNT(*)); groups[i] is row i's group, or
  /// groups == nullptr for an aggregate without GROUP BY (one group, id 0). A DISTINCT
  /// aggregate leaves out the rows whose `row_mask` bit is clear (the others' groups are
  /// scratch groups, dropped after the chunk).
  Status Update(const KernelTable& kernels, const ColumnView* argument, const uint32_t* groups, int64_t n,
                const uint8_t* row_mask = nullptr);
  /// Adds n rows of an ordered aggregate's (IsOrderedAggregate) columns: the argument,
  /// string_agg's separator, then the ORDER BY keys; rows with a NULL argument or a clear
  /// `row_mask` bit are left out.
  void UpdateOrdered(const std::vector<ColumnView>& columns, const uint32_t* groups, int64_t n,
                     const uint8_t* row_mask);
  /// Adds n pairs (y[i], x[i]) of DOUBLEs to a two-argument statistic (a pair with a NULL
  /// is left out, as PostgreSQL does).
  void UpdatePairs(const ColumnView& y, const ColumnView& x, const uint32_t* groups, int64_t n);
  /// Folds `other`'s group og into this state's group map[og]; groups mapped to kSkip stay
  /// out (another partition of a parallel merge takes them).
  Status Merge(const AggregateState& other, const std::vector<uint32_t>& map);
  static constexpr uint32_t kSkip = UINT32_MAX;
  /// Readies a complete state to be merged into others (a DISTINCT one lists its pairs by
  /// group); before Merge and MergeGroups read it.
  void PrepareMerge();
  /// Folds `other`'s groups groups[i] into this state's groups targets[i].
  Status MergeGroups(const AggregateState& other, const std::vector<uint32_t>& groups,
                     const std::vector<uint32_t>& targets);
  /// Folds `other`'s group og into group g (`other` may be this state, og != g). Groups
  /// are independent: threads may merge into distinct groups at once (the window
  /// operator's frames). Not for DISTINCT.
  Status MergeGroup(const AggregateState& other, size_t og, uint32_t g);
  /// The result column of `call` (the state's own call, or one that shares its state: AVG
  /// of a SUM state, see HashAggregate).
  Result<ColumnPtr> Finalize(size_t groups, const AggregateCall& call) const;

 private:
  Status UpdateSum(const KernelTable& kernels, const ColumnView& arg, const uint32_t* groups, int64_t n);
  void UpdateMinMax(const KernelTable& kernels, const ColumnView& arg, const uint32_t* groups, int64_t n);
  void UpdateScalarMinMax(const ColumnView& arg, const uint32_t* groups, int64_t n);
  void UpdateSpread(const ColumnView& arg, const uint32_t* groups, int64_t n);
  double SpreadUnit() const;
  static double ShiftDistance(const AggregateState& a, size_t ga, const AggregateState& b, size_t gb);
  void UpdateLogical(const ColumnView& arg, const uint32_t* groups, int64_t n);
  /// The variance or deviation `kind` of group g; false when it is NULL (too few values).
  bool Spread(AggregateKind kind, size_t g, double* out) const;
  Status OverflowError() const;
  // interval_aggregate_state.cpp: sum, avg, min and max of INTERVAL values.
  bool IsIntervalAggregate() const;
  Status Fold(uint32_t g, int128_t value, int64_t count);
  Status UpdateInterval(const ColumnView& arg, const uint32_t* groups, int64_t n);
  Status MergeInterval(const AggregateState& other, size_t og, uint32_t g);
  Result<int128_t> IntervalResult(AggregateKind kind, size_t g) const;
  Result<ColumnPtr> FinalizeDistinct(size_t groups, const AggregateCall& call) const;
  Result<ColumnPtr> FinalizeOrdered(size_t groups, const AggregateCall& call) const;
  void UpdateSketch(const KernelTable& kernels, const ColumnView& arg, const uint32_t* groups, int64_t n);

  AggregateCall call_;
  DataType input_type_;
  PhysicalType input_physical_ = PhysicalType::kNone;
  template <typename T>
  using Array = std::vector<T, LargeAllocator<T>>;

  Array<int64_t> counts_;
  Array<int32_t> i32_;
  Array<int64_t> i64_;
  Array<int128_t> i128_;
  Array<double> f64_;  // SUM/MIN/MAX of DOUBLE; the mean of a variance's values, less shift_
  Array<double> m2_;   // a variance's sum of squared distances from the mean
  // A variance's first value (in i128_ for an INTEGER, BIGINT or DECIMAL, as scaled): 1e9 +
  // 0.5 is counted as 0.5, keeping its digits.
  Array<double> shift_;
  std::vector<std::string> strings_;
  CoMoments co_moments_;
  std::unique_ptr<DistinctValues> distinct_;  // DISTINCT: the (group, value) pairs
  std::unique_ptr<CollectedRows> collected_;  // the ordered aggregates: every row
  Array<uint8_t> registers_;                  // approx_count_distinct: a sketch per group
  const KernelTable* kernels_ = nullptr;      // DISTINCT: the kernels Update was given
};

}  // namespace orbit
