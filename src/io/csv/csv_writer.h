// Writing a table as delimited text (COPY ... TO 'x.csv'): PostgreSQL's CSV rules with
// COPY's options (delimiter, quote, NULL string, header), the way csv_reader.h reads them
// back. A field is quoted when it holds the delimiter, the quote, a line break, or when it
// would read as NULL. Batches are formatted in parallel; the file appears whole or not at
// all (atomic_write.h).
#pragma once

#include <cstdint>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "io/csv/csv_reader.h"

namespace orbit {

/// Writes `table` to `path` with `options`' delimiter, quote, null_string and header;
/// returns the rows written.
Result<int64_t> WriteCsv(const Table& table, const std::string& path, const CsvOptions& options);

}  // namespace orbit
