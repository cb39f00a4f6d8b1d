// Column statistics for cardinality estimates: the approximate number of distinct values
// of a table column (HyperLogLog over the hash kernels' hashes, about 1.6% standard error)
// and the range of its values (numbers, dates, decimals).
// Computed on first use, in one pass, and cached for as long as that table version lives
// (tables are immutable snapshots, so a cached count never goes stale).
#pragma once

#include "columnar/table.h"

namespace orbit {

/// Approximate count of distinct non-NULL values in column `column` of `table`.
double DistinctCount(const TablePtr& table, int column);

/// The smallest and largest non-NULL values of a column, as numbers in the column's own
/// representation (a DATE's days, a DECIMAL's scaled integer); unknown for other types
/// and for columns with no value.
struct ValueRange {
  bool known = false;
  double min = 0;
  double max = 0;
};
ValueRange ColumnValueRange(const TablePtr& table, int column);

}  // namespace orbit
