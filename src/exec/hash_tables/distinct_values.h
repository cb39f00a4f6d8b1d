// DistinctValues: the set of distinct (group, value) pairs of one DISTINCT aggregate
// (sum(DISTINCT x) and every other), so that any number of them can sit beside ordinary
// aggregates in one hash aggregation. NULL values never enter. A thread's set merges into
// another's with the groups renumbered; the aggregate itself is computed from the pairs
// when the groups are final (AggregateState::Finalize). Its arrays are a GroupTable's,
// charged to the statement's memory account.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/hash_tables/group_table.h"

namespace orbit {

struct HashKernels;

class DistinctValues {
 public:
  explicit DistinctValues(const DataType& type);

  /// Adds the pairs (groups[i], values[i]) of n rows (groups == nullptr: all group 0),
  /// leaving out NULL values and the rows whose `row_mask` bit is clear (row_mask may be null).
  void Add(const HashKernels& hash, const ColumnView& values, const uint32_t* groups, int64_t n,
           const uint8_t* row_mask);
  /// Lists the pairs by group, so that MergeGroup can read one group's at a time; called
  /// once the set is complete, before it is merged into another.
  void Prepare();
  /// Adds `other`'s (Prepared) pairs of its groups groups[i] as pairs of groups targets[i].
  void MergeGroups(const HashKernels& hash, const DistinctValues& other, const std::vector<uint32_t>& groups,
                   const std::vector<uint32_t>& targets);
  /// Every pair: its group and value columns, one row per pair.
  void Pairs(std::vector<uint32_t>* groups, ColumnPtr* values) const;
  size_t size() const { return table_.size(); }

 private:
  DataType type_;
  GroupTable table_;  // keys: (group as BIGINT, value)
  // After Prepare: the pairs' groups and values, and the pairs of group g at
  // order_[starts_[g]] .. order_[starts_[g + 1]).
  template <typename T>
  using Array = std::vector<T, LargeAllocator<T>>;
  Array<uint32_t> pair_groups_;
  ColumnPtr pair_values_;
  Array<uint32_t> order_;
  Array<uint32_t> starts_;
};

}  // namespace orbit
