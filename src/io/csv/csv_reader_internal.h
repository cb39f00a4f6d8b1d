// Knobs of the CSV reader that tests use to exercise its parallel paths on small files.
#pragma once

#include <cstddef>
#include <string>

#include "io/csv/csv_reader.h"

namespace orbit {

/// ReadCsv with chunks of about `chunk_bytes` (0 = chosen from the file size and threads).
Result<TablePtr> ReadCsvWithChunkBytes(const std::string& path, const CsvOptions& options,
                                       const std::string& table_name, size_t chunk_bytes);

}  // namespace orbit
