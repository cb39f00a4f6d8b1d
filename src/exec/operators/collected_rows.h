// CollectedRows: every row of one ordered-set or holistic aggregate (median, the quantiles,
// mode, string_agg), kept as its group and the columns it needs (the value, string_agg's
// separator, the ORDER BY keys) until the groups are final, when they are sorted by group
// and keys (AggregateState::Finalize). A thread's rows merge into another's with the groups
// renumbered. The columns are Buffers, charged to the statement's memory account.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/table.h"
#include "common/large_allocation.h"

namespace orbit {

class CollectedRows {
 public:
  explicit CollectedRows(std::vector<DataType> types);

  /// Adds the n rows of `columns` (one per type) whose `keep` bit is set, row i in group
  /// groups[i] (groups == nullptr: all group 0).
  void Add(const std::vector<ColumnView>& columns, const uint32_t* groups, int64_t n, const uint8_t* keep);
  /// Lists the rows by group, so that MergeGroups reads one group's at a time; called once
  /// the rows are complete, before they are merged into others.
  void Prepare();
  /// Adds `other`'s (Prepared) rows of its groups groups[i] as rows of groups targets[i].
  void MergeGroups(const CollectedRows& other, const std::vector<uint32_t>& groups,
                   const std::vector<uint32_t>& targets);
  /// Every row as one batch: column 0 the group (BIGINT), then the columns.
  Batch Rows() const;

 private:
  Schema schema_;  // group, then the columns
  std::vector<Batch> batches_;
  // After Prepare: the rows as one batch, group g's at order_[starts_[g]] .. order_[starts_[g + 1]).
  Batch all_;
  template <typename T>
  using Array = std::vector<T, LargeAllocator<T>>;
  Array<uint32_t> order_;
  Array<uint32_t> starts_;
};

}  // namespace orbit
