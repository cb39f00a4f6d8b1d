// Column statistics for cardinality estimates: the approximate number of distinct values
// of a table column (HyperLogLog over the hash kernels' hashes, about 1.6% standard error).
// Computed on first use, in one pass, and cached for as long as that table version lives
// (tables are immutable snapshots, so a cached count never goes stale).
#pragma once

#include "columnar/table.h"

namespace orbit {

/// Approximate count of distinct non-NULL values in column `column` of `table`.
double DistinctCount(const TablePtr& table, int column);

}  // namespace orbit
