// Writing a table as one Parquet file through the plugin (COPY ... TO 'x.parquet'): the
// table's buffers are handed over as an Arrow stream without copies; the file appears
// whole or not at all (atomic_write.h).
#pragma once

#include <cstdint>
#include <string>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

struct ParquetWriteOptions {
  std::string compression = "snappy";  // "zstd", "snappy" or "uncompressed"
  int64_t row_group_rows = 122880;     // DuckDB's row group size
};

/// Writes `table` to `path`; returns the rows written. Errors name the file.
Result<int64_t> WriteParquet(const TablePtr& table, const std::string& path, const ParquetWriteOptions& options);

}  // namespace orbit
