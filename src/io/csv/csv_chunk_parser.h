// Parses one chunk of CSV records into one Batch of the given schema. Chunks are
// independent, so the reader runs many of them at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "columnar/table.h"
#include "io/csv/csv_chunker.h"
#include "io/csv/csv_parse_error.h"
#include "io/csv/csv_tokenizer.h"

namespace orbit {

struct CsvChunkResult {
  Batch batch;
  /// The first problem in the chunk; parsing stops there and `batch` is incomplete.
  std::optional<CsvParseError> error;
};

/// `expected_rows` sizes the column builders up front (an estimate; they grow if needed).
CsvChunkResult ParseCsvChunk(const CsvChunk& chunk, const Schema& schema, const CsvDialect& dialect,
                             std::string_view null_string, int64_t expected_rows);

}  // namespace orbit
