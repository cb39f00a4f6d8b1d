// Where the parts of a CSV file lie: a UTF-8 byte-order mark and the header line are
// skipped, and blank lines at the end of the file are dropped, so that what remains is
// exactly the data records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/csv/csv_reader.h"

namespace orbit {

struct CsvLayout {
  const char* file_begin = nullptr;
  const char* data_begin = nullptr;  // the first data record
  const char* data_end = nullptr;    // past the last line that is not blank
  /// The header's fields, unquoted, when options.header is set and the file has a first line.
  std::optional<std::vector<std::string>> header;
};

Result<CsvLayout> LocateCsvParts(const char* file, size_t size, const CsvOptions& options, const std::string& path);

}  // namespace orbit
