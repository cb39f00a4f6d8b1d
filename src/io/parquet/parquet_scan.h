// Reading Parquet files into a table: the row groups of every file, in file order, read
// in parallel (one task per row group on the current TBB arena, or per column of a row
// group when there are fewer row groups than threads), only the columns asked
// for, skipping row groups whose statistics rule out the scan's filters. Used by
// read_parquet(...) and COPY ... FROM.
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"
#include "io/parquet/parquet_file.h"
#include "io/scan_filter.h"

namespace orbit {

struct ParquetScanResult {
  TablePtr table;
  int64_t row_groups_read = 0;
  int64_t row_groups_skipped = 0;
};

/// The files named by `patterns`, in order: a pattern with *, ? or [ is a glob (its
/// matches sorted; none is an error naming it), any other is a path.
Result<std::vector<std::string>> ExpandParquetPaths(const std::vector<std::string>& patterns);

/// Opens every file; they must have the same columns (names and types) as the first.
Result<std::vector<ParquetFilePtr>> OpenParquetFiles(const std::vector<std::string>& paths);

/// `columns` (positions in the files' schema) of every row group not ruled out by
/// `filters` (whose columns are positions in the files' schema too), as a table named
/// `table_name`. `interrupt` (may be null) is checked before each row group.
Result<ParquetScanResult> ScanParquet(const std::vector<ParquetFilePtr>& files, const std::vector<int>& columns,
                                      const std::vector<ScanFilter>& filters, const std::string& table_name,
                                      const QueryInterrupt* interrupt = nullptr);

}  // namespace orbit
