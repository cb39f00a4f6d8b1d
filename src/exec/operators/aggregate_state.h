// The running state of one aggregate (SUM, AVG, MIN, MAX, COUNT) for every group of a
// hash aggregation, updated through the aggregate kernels and merged across threads.
// SUM over integers and decimals accumulates exactly in 128 bits and fails loudly on
// overflow instead of wrapping. The per-group arrays are charged to the statement's memory
// account (memory_limit).
#pragma once

#include <string>
#include <vector>

#include "columnar/column.h"
#include "common/large_allocation.h"
#include "common/status.h"
#include "kernels/kernel_table.h"
#include "plan/logical_plan.h"

namespace orbit {

class AggregateState {
 public:
  explicit AggregateState(const AggregateCall& call);

  void Resize(size_t groups);
  /// Adds n rows of `argument` (null for COUNT(*)); groups[i] is row i's group, or
  /// groups == nullptr for an aggregate without GROUP BY (one group, id 0).
  Status Update(const KernelTable& kernels, const ColumnView* argument, const uint32_t* groups, int64_t n);
  /// Folds `other`'s group og into this state's group map[og]; groups mapped to kSkip stay
  /// out (another partition of a parallel merge takes them).
  Status Merge(const AggregateState& other, const std::vector<uint32_t>& map);
  static constexpr uint32_t kSkip = UINT32_MAX;
  /// Folds `other`'s groups groups[i] into this state's groups targets[i].
  Status MergeGroups(const AggregateState& other, const std::vector<uint32_t>& groups,
                     const std::vector<uint32_t>& targets);
  /// The result column of `call` (the state's own call, or one that shares its state: AVG
  /// of a SUM state, see HashAggregate).
  Result<ColumnPtr> Finalize(size_t groups, const AggregateCall& call) const;

 private:
  Status UpdateSum(const KernelTable& kernels, const ColumnView& arg, const uint32_t* groups, int64_t n);
  void UpdateMinMax(const KernelTable& kernels, const ColumnView& arg, const uint32_t* groups, int64_t n);
  void UpdateScalarMinMax(const ColumnView& arg, const uint32_t* groups, int64_t n);
  Status OverflowError() const;
  Status MergeGroup(const AggregateState& other, size_t og, uint32_t g);

  AggregateCall call_;
  DataType input_type_;
  PhysicalType input_physical_ = PhysicalType::kNone;
  template <typename T>
  using Array = std::vector<T, LargeAllocator<T>>;

  Array<int64_t> counts_;
  Array<int32_t> i32_;
  Array<int64_t> i64_;
  Array<int128_t> i128_;
  Array<double> f64_;
  std::vector<std::string> strings_;
};

}  // namespace orbit
