#include "io/csv/csv_chunker.h"

#include <cstring>

namespace orbit {

std::vector<CsvChunk> SplitAtNewlines(const char* begin, const char* end, size_t target_bytes) {
  std::vector<CsvChunk> chunks;
  if (target_bytes == 0) target_bytes = 1;
  const char* start = begin;
  while (start < end) {
    if (static_cast<size_t>(end - start) <= target_bytes) {
      chunks.push_back({start, end});
      break;
    }
    const char* cut = start + target_bytes;
    const void* newline = std::memchr(cut - 1, '\n', static_cast<size_t>(end - cut + 1));
    const char* stop = newline != nullptr ? static_cast<const char*>(newline) + 1 : end;
    chunks.push_back({start, stop});
    start = stop;
  }
  return chunks;
}

std::vector<CsvChunk> SplitAtRecords(const char* begin, const char* end, size_t target_bytes,
                                     const CsvDialect& dialect) {
  std::vector<CsvChunk> chunks;
  CsvFields fields;
  const char* start = begin;
  const char* p = begin;
  while (p < end) {
    CsvRecordScan scan = TokenizeRecord(p, end, dialect, &fields);
    if (scan.error != CsvRecordError::kNone) break;
    p = scan.next;
    if (static_cast<size_t>(p - start) >= target_bytes) {
      chunks.push_back({start, p});
      start = p;
    }
  }
  if (start < end) chunks.push_back({start, end});
  return chunks;
}

}  // namespace orbit
