// libFuzzer target for the CSV reader (io/csv): the first bytes of the input choose the
// options (delimiter, quote, header, null string, declared columns or inference, the path:
// COPY's ReadCsv with small chunks, or read_csv's CsvFile::Open + Read), the rest is the
// file. Every value read is then read back (read_every_value.h). Errors are expected; an
// internal error, a crash or a sanitizer report is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "common/check.h"
#include "fuzz_file.h"
#include "io/csv/csv_reader.h"
#include "io/csv/csv_reader_internal.h"
#include "read_every_value.h"

namespace {

using orbit::DataType;

struct Options {
  orbit::CsvOptions csv;
  bool through_csv_file = false;
  size_t chunk_bytes = 0;
};

// The options, taken from the input's first bytes (consumed); the rest is the file.
Options TakeOptions(const uint8_t*& data, size_t& size) {
  Options options;
  auto take = [&]() -> uint8_t {
    if (size == 0) return 0;
    --size;
    return *data++;
  };
  const uint8_t flags = take();
  const uint8_t delimiter = take();
  const uint8_t quote = take();
  const uint8_t chunk = take();
  options.csv.header = (flags & 1) != 0;
  options.through_csv_file = (flags & 2) != 0;
  constexpr char kDelimiters[] = {',', '|', '\t', ';'};
  options.csv.delimiter = (flags & 4) != 0 ? static_cast<char>(delimiter) : kDelimiters[delimiter % 4];
  constexpr char kQuotes[] = {'"', '\''};
  options.csv.quote = (flags & 8) != 0 ? static_cast<char>(quote) : kQuotes[quote % 2];
  constexpr const char* kNullStrings[] = {"", "NULL", "\\N", "NA"};
  options.csv.null_string = kNullStrings[(flags >> 4) % 4];
  // A few hundred bytes per chunk make a short input span several chunks.
  options.chunk_bytes = chunk == 0 ? 0 : static_cast<size_t>(chunk) * 4;
  options.csv.sample_rows = 1 + take() % 64;
  options.csv.threads = 1;
  if ((flags & 64) != 0) {
    const DataType kTypes[] = {DataType::Int32(),        DataType::Int64(),         DataType::Double(),
                               DataType::Varchar(),      DataType::Date(),          DataType::Boolean(),
                               DataType::Decimal(10, 2), DataType::Decimal(38, 10), DataType::Decimal(18, 0),
                               DataType::Decimal(4, 4)};
    const int columns = 1 + take() % 5;
    for (int c = 0; c < columns; ++c) {
      options.csv.columns.push_back({"c" + std::to_string(c), kTypes[take() % std::size(kTypes)]});
    }
  }
  return options;
}

const std::string& FilePath() {
  static const std::string path = orbit::fuzz::ScratchPath("csv-fuzzer", "input.csv");
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  orbit::SetCheckFailuresAbort(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return -1;
  const Options options = TakeOptions(data, size);
  orbit::fuzz::WriteWhole(FilePath(), data, size);
  auto read = [&]() -> orbit::Result<orbit::TablePtr> {
    if (!options.through_csv_file) {
      return orbit::ReadCsvWithChunkBytes(FilePath(), options.csv, "fuzz", options.chunk_bytes);
    }
    ORBIT_ASSIGN_OR_RETURN(orbit::CsvFile csv, orbit::CsvFile::Open(FilePath(), options.csv));
    return csv.Read("fuzz");
  };
  // Allocation failures are std::bad_alloc inside the engine, made errors where a client
  // calls in (as the public API does).
  orbit::Result<orbit::TablePtr> table = orbit::Status::OutOfMemory("not read");
  try {
    table = read();
  } catch (const std::bad_alloc&) {
    return 0;
  }
  if (!table.ok()) {
    if (table.status().code() == orbit::StatusCode::kInternal) {
      std::fprintf(stderr, "csv_fuzzer: internal error: %s\n", table.status().ToString().c_str());
      std::abort();
    }
    return 0;
  }
  volatile uint64_t sum = orbit::fuzz::ReadEveryValue(**table);
  (void)sum;
  return 0;
}
