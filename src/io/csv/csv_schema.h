// The columns a CSV read produces: the caller's when given (checked against the header),
// else names from the header (or column0, column1, ...) and types inferred from a sample.
#pragma once

#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "io/csv/csv_layout.h"
#include "io/csv/csv_reader.h"

namespace orbit {

Result<Schema> ResolveCsvSchema(const CsvLayout& layout, const CsvOptions& options, const std::string& path);

}  // namespace orbit
