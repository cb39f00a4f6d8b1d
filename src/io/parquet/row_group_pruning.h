// Whether a row group's statistics rule out every row for a scan's filters: then the scan
// skips it. Only sure answers skip: a column without statistics, or a comparison the
// statistics cannot decide, reads the row group.
#pragma once

#include <cstdint>

#include "io/parquet/parquet_file.h"
#include "io/scan_filter.h"

namespace orbit {

/// True when no row of a row group of `rows` rows whose column has `statistics` can pass
/// `filter`. DOUBLE keeps PostgreSQL's order, where NaN is above every number: Parquet
/// leaves NaN out of its min/max, so `>` and `>=` (which NaN passes) never skip.
bool RuledOut(const ScanFilter& filter, const ColumnStatistics& statistics, int64_t rows);

}  // namespace orbit
