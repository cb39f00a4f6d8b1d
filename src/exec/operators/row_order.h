// Ordering rows by sort keys, shared by ORDER BY (OrderSink) and top-N (TopNSink): the
// keys are evaluated once as columns, then row numbers are sorted with a multi-key
// comparison honouring ASC/DESC and NULLS FIRST/LAST (doubles: NaN above every number).
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/table.h"
#include "common/large_allocation.h"
#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// Concatenates same-schema batches into one (row numbers then index every column).
Batch MergeBatches(const std::vector<Batch>& batches, const Schema& schema);

/// Row numbers, charged to the statement's memory account (4 bytes a row sorted).
using RowOrder = std::vector<uint32_t, LargeAllocator<uint32_t>>;

/// The row numbers of `batch` in key order, ties in row order; only the first `limit`
/// when it is set (found with a partial sort).
Result<RowOrder> SortedRows(const Batch& batch, const std::vector<SortKey>& keys,
                            std::optional<int64_t> limit = std::nullopt);

/// `expressions` evaluated over every row of `batch`, as columns.
Result<std::vector<ColumnPtr>> EvaluateColumns(const Batch& batch, const std::vector<ExprPtr>& expressions);

/// The row numbers 0..rows-1 ordered by `columns` (keys[k] gives column k's direction and
/// NULL order; its expression is not read), ties in row order.
RowOrder SortedRowsByColumns(const std::vector<ColumnView>& columns, const std::vector<SortKey>& keys, int64_t rows);

/// Whether rows a and b hold equal values in every column: NULL equals NULL and NaN equals
/// NaN, as sorting makes them peers.
bool SameKeyValues(const std::vector<ColumnView>& columns, int64_t a, int64_t b);

/// Sets changed[i] (1 <= i < rows) where row i differs from row i - 1 in any of `columns`,
/// by SameKeyValues' rule; leaves the others as they are. In parallel, one type dispatch per
/// column and block of rows.
void MarkKeyChanges(const std::vector<ColumnView>& columns, int64_t rows, uint8_t* changed);

/// Rows ordered by keys (a window's PARTITION BY then ORDER BY), and in that order where a
/// partition starts (the first `partition_keys` columns change) and where a peer group does
/// (any column changes); row 0 is marked in neither.
struct KeyedOrder {
  RowOrder order;
  std::vector<uint8_t, LargeAllocator<uint8_t>> partition_starts;
  std::vector<uint8_t, LargeAllocator<uint8_t>> peer_starts;
};
KeyedOrder SortAndMarkKeyChanges(const std::vector<ColumnView>& columns, const std::vector<SortKey>& keys,
                                 size_t partition_keys, int64_t rows);

/// Rows `rows` of `batch`, in that order.
Batch GatherRows(const Batch& batch, const RowOrder& rows);

}  // namespace orbit
