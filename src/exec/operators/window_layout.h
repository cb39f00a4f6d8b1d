// The rows of a window's input in PARTITION BY, ORDER BY order, as the window functions
// read them: partitions and peer groups as ranges of positions in that order, and each
// row's frame (ROWS, RANGE or GROUPS, less its EXCLUDE) as at most three such ranges.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "columnar/table.h"
#include "common/status.h"
#include "exec/operators/row_order.h"
#include "plan/logical_plan.h"

namespace orbit {

struct WindowLayout {
  int64_t rows = 0;
  RowOrder order;                    // position -> input row; empty when the input order is kept
  std::vector<uint32_t> partitions;  // the first position of each partition, then `rows`
  std::vector<uint32_t> peer_group;  // per position: its peer group's index
  std::vector<uint32_t> groups;      // the first position of each peer group, then `rows`
  ColumnPtr order_key;               // the one ORDER BY key, in position order (RANGE offsets)
  bool descending = false;           // of order_key
  bool nulls_first = false;

  uint32_t peer_begin(uint32_t i) const { return groups[peer_group[i]]; }
  uint32_t peer_end(uint32_t i) const { return groups[peer_group[i] + 1]; }
  /// `column` (one value per input row) in position order.
  ColumnPtr InOrder(const ColumnPtr& column) const;
};

/// Sorts `batch` by the call's PARTITION BY and ORDER BY (all calls given share them) and
/// finds its partitions and peer groups; `range_key` keeps the ORDER BY key for RANGE
/// offsets.
Result<WindowLayout> LayOutWindow(const Batch& batch, const WindowCall& call, bool range_key);

/// Positions [begin[k], end[k]) for k < count, ascending and disjoint.
struct FrameRanges {
  uint32_t begin[3] = {0, 0, 0};
  uint32_t end[3] = {0, 0, 0};
  int count = 0;
  uint32_t size() const {
    uint32_t n = 0;
    for (int k = 0; k < count; ++k) n += end[k] - begin[k];
    return n;
  }
};

/// The frame of position i, in partition [partition_begin, partition_end).
FrameRanges FrameOf(const WindowLayout& layout, const WindowFrame& frame, uint32_t partition_begin,
                    uint32_t partition_end, uint32_t i);

/// Calls fn(i, partition_begin, partition_end) for every position, in parallel over blocks
/// of positions (a block finds its first partition by a binary search).
template <typename Fn>
void ForEachPosition(const WindowLayout& layout, const Fn& fn) {
  constexpr size_t kGrain = 4096;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, static_cast<size_t>(layout.rows), kGrain),
                    [&](const tbb::blocked_range<size_t>& block) {
                      auto p = std::upper_bound(layout.partitions.begin(), layout.partitions.end(),
                                                static_cast<uint32_t>(block.begin())) -
                               1;
                      for (size_t i = block.begin(); i < block.end(); ++i) {
                        while (*(p + 1) <= i) ++p;
                        fn(static_cast<uint32_t>(i), *p, *(p + 1));
                      }
                    });
}

/// Calls fn(partition_begin, partition_end) for every partition, in parallel.
template <typename Fn>
void ForEachPartition(const WindowLayout& layout, const Fn& fn) {
  const size_t count = layout.partitions.size() - 1;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count), [&](const tbb::blocked_range<size_t>& block) {
    for (size_t p = block.begin(); p < block.end(); ++p) fn(layout.partitions[p], layout.partitions[p + 1]);
  });
}

/// The results of `call` at every position, in position order. `inputs` are its argument
/// columns in position order: an aggregate's argument (and second), or the arguments.
Result<ColumnPtr> EvaluateWindowCall(const WindowCall& call, const WindowLayout& layout,
                                     const std::vector<ColumnPtr>& inputs);
/// The aggregate calls (window_aggregates.cpp).
Result<ColumnPtr> EvaluateWindowAggregate(const WindowCall& call, const WindowLayout& layout,
                                          const std::vector<ColumnPtr>& inputs);

}  // namespace orbit
