// Splits the data part of a CSV file into chunks of whole lines that can be parsed
// independently, in file order.
#pragma once

#include <cstddef>
#include <vector>

#include "io/csv/csv_tokenizer.h"

namespace orbit {

struct CsvChunk {
  const char* begin;
  const char* end;  // just past the chunk's last newline, or the end of the data
};

/// Cuts at the first newline at or after every `target_bytes`. Fast, but a newline inside a
/// quoted field may become a cut; the chunk before it then ends in an unterminated quote,
/// which the parser reports, and the caller re-splits with SplitAtRecords.
std::vector<CsvChunk> SplitAtNewlines(const char* begin, const char* end, size_t target_bytes);

/// Cuts only between records, found by tokenizing the whole range on one thread: exact even
/// when quoted fields hold newlines. A malformed record ends the walk; the rest of the range
/// becomes the last chunk, where parsing reports the problem.
std::vector<CsvChunk> SplitAtRecords(const char* begin, const char* end, size_t target_bytes,
                                     const CsvDialect& dialect);

}  // namespace orbit
