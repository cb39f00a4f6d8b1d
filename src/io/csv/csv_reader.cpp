#include "io/csv/csv_reader.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "common/memory_scope.h"
#include "io/csv/csv_chunk_parser.h"
#include "io/csv/csv_chunker.h"
#include "io/csv/csv_layout.h"
#include "io/csv/csv_reader_internal.h"
#include "io/csv/csv_schema.h"
#include "io/mapped_file.h"

namespace orbit {
namespace {

// A few chunks per thread balance the load; the bounds keep per-chunk overhead small and
// the batches small enough for later operators to spread over threads.
constexpr int kChunksPerThread = 4;
constexpr size_t kMinChunkBytes = size_t{1} << 20;
constexpr size_t kMaxChunkBytes = size_t{16} << 20;
constexpr size_t kRowSizeSampleBytes = size_t{64} << 10;

Status CheckOptions(const CsvOptions& options) {
  auto is_line_end = [](char c) { return c == '\n' || c == '\r'; };
  if (is_line_end(options.delimiter) || is_line_end(options.quote)) {
    return Status::InvalidArgument("the CSV delimiter and quote cannot be a line break");
  }
  if (options.delimiter == options.quote) {
    return Status::InvalidArgument("the CSV delimiter and quote must differ (both are '{}')", options.delimiter);
  }
  return Status::OK();
}

size_t AutoChunkBytes(size_t data_bytes, int threads) {
  size_t target = data_bytes / (static_cast<size_t>(std::max(threads, 1)) * kChunksPerThread);
  return std::clamp(target, kMinChunkBytes, kMaxChunkBytes);
}

// Average record length over the start of the data, to size column builders up front.
double EstimateBytesPerRow(const char* begin, const char* end) {
  const char* sample_end = begin + std::min<size_t>(end - begin, kRowSizeSampleBytes);
  auto newlines = std::count(begin, sample_end, '\n');
  return static_cast<double>(sample_end - begin) / static_cast<double>(std::max<int64_t>(newlines, 1));
}

// The records in [begin, end) (which ends without a line break): counted when the sample
// covers them all, else the bytes over the sample's mean record length.
double EstimateRecords(const char* begin, const char* end) {
  if (begin == end) return 0;
  if (static_cast<size_t>(end - begin) <= kRowSizeSampleBytes) {
    return static_cast<double>(std::count(begin, end, '\n') + 1);
  }
  return static_cast<double>(end - begin) / EstimateBytesPerRow(begin, end);
}

class ChunkedCsvParser {
 public:
  ChunkedCsvParser(const Schema& schema, const CsvOptions& options, double bytes_per_row, const MappedFile& file)
      : schema_(schema),
        options_(options),
        dialect_{options.delimiter, options.quote},
        bytes_per_row_(bytes_per_row),
        file_(file) {}

  /// Parses every chunk on the current TBB arena; results in chunk order.
  std::vector<CsvChunkResult> ParseAll(const std::vector<CsvChunk>& chunks) const {
    std::vector<CsvChunkResult> results(chunks.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, chunks.size(), 1),
                      UnderCurrentMemoryAccount([&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i != r.end(); ++i) ParseChunk(chunks[i], results[i]);
                      }));
    return results;
  }

 private:
  void ParseChunk(const CsvChunk& chunk, CsvChunkResult& result) const {
    if (options_.interrupt != nullptr && !options_.interrupt->Check().ok()) return;  // ParseRecords says why
    auto expected_rows = static_cast<int64_t>(static_cast<double>(chunk.end - chunk.begin) / bytes_per_row_ * 1.1);
    result = ParseCsvChunk(chunk, schema_, dialect_, options_.null_string, expected_rows);
    // The chunk's values now live in columns: its text need not stay resident (peak
    // memory of a load would otherwise be the file plus the table).
    file_.DropPages(chunk.begin, chunk.end);
  }

  const Schema& schema_;
  const CsvOptions& options_;
  CsvDialect dialect_;
  double bytes_per_row_;
  const MappedFile& file_;
};

std::optional<size_t> FirstFailedChunk(const std::vector<CsvChunkResult>& results) {
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].error) return i;
  }
  return std::nullopt;
}

// Parses the data records into batches appended to `table` in file order.
Status ParseRecords(const MappedFile& file, const CsvLayout& layout, const CsvOptions& options, size_t chunk_bytes,
                    bool types_inferred, const std::string& path, Table* table) {
  if (chunk_bytes == 0) {
    int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    chunk_bytes = AutoChunkBytes(layout.data_end - layout.data_begin, threads);
  }
  ChunkedCsvParser parser(table->schema(), options, EstimateBytesPerRow(layout.data_begin, layout.data_end), file);
  std::vector<CsvChunk> chunks = SplitAtNewlines(layout.data_begin, layout.data_end, chunk_bytes);
  std::vector<CsvChunkResult> results = parser.ParseAll(chunks);
  if (options.interrupt != nullptr) ORBIT_RETURN_IF_ERROR(options.interrupt->Check());
  std::optional<size_t> failed = FirstFailedChunk(results);
  // Every chunk before the first failure started and ended between records, so that failure
  // is real, except an open quote at the end of a chunk that is not the last: a cut inside a
  // quoted field that holds a newline. Then split again, at true record ends.
  if (failed && *failed + 1 < chunks.size() &&
      results[*failed].error->kind == CsvParseError::Kind::kUnterminatedQuote) {
    CsvDialect dialect{options.delimiter, options.quote};
    chunks = SplitAtRecords(layout.data_begin, layout.data_end, chunk_bytes, dialect);
    results = parser.ParseAll(chunks);
    failed = FirstFailedChunk(results);
  }
  if (failed) {
    CsvParseError error = std::move(*results[*failed].error);
    if (types_inferred && error.kind == CsvParseError::Kind::kBadValue) {
      error.message += fmt::format(" (the type was inferred from the first {} rows; pass explicit column types)",
                                   options.sample_rows);
    }
    return CsvErrorStatus(path, layout.file_begin, error);
  }
  for (CsvChunkResult& result : results) {
    if (result.batch.length > 0) table->Append(std::move(result.batch));
  }
  return Status::OK();
}

// Reads every record of an opened file; `types_inferred` adds a hint to bad-value errors.
Result<TablePtr> ReadOpenedCsv(const MappedFile& file, const std::string& path, const CsvOptions& options,
                               bool types_inferred, const std::string& table_name, size_t chunk_bytes) {
  Result<CsvLayout> located = LocateCsvParts(file.data(), file.size(), options, path);
  ORBIT_RETURN_IF_ERROR(file.CheckUnchanged());
  ORBIT_ASSIGN_OR_RETURN(CsvLayout layout, std::move(located));
  Result<Schema> resolved = ResolveCsvSchema(layout, options, path);
  ORBIT_RETURN_IF_ERROR(file.CheckUnchanged());
  ORBIT_ASSIGN_OR_RETURN(Schema schema, std::move(resolved));
  auto table = std::make_shared<Table>(table_name, std::move(schema));
  if (layout.data_begin == layout.data_end) return table;

  auto parse = [&] { return ParseRecords(file, layout, options, chunk_bytes, types_inferred, path, table.get()); };
  Status status;
  if (options.threads > 0) {
    tbb::task_arena arena(options.threads);
    status = arena.execute(UnderCurrentMemoryAccount(parse));
  } else {
    status = parse();
  }
  // A file cut short while it was read gives zeros past its new end: that, not what the
  // parser made of them, is the error.
  ORBIT_RETURN_IF_ERROR(file.CheckUnchanged());
  if (!status.ok()) return status;
  return table;
}

}  // namespace

Result<TablePtr> ReadCsvWithChunkBytes(const std::string& path, const CsvOptions& options,
                                       const std::string& table_name, size_t chunk_bytes) {
  ORBIT_RETURN_IF_ERROR(CheckOptions(options));
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> file, MappedFile::Open(path));
  return ReadOpenedCsv(*file, path, options, options.columns.empty(), table_name, chunk_bytes);
}

Result<TablePtr> ReadCsv(const std::string& path, const CsvOptions& options, const std::string& table_name) {
  return ReadCsvWithChunkBytes(path, options, table_name, 0);
}

Result<Schema> InferCsvSchema(const std::string& path, const CsvOptions& options) {
  ORBIT_RETURN_IF_ERROR(CheckOptions(options));
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> file, MappedFile::Open(path));
  ORBIT_ASSIGN_OR_RETURN(CsvLayout layout, LocateCsvParts(file->data(), file->size(), options, path));
  Result<Schema> schema = ResolveCsvSchema(layout, options, path);
  ORBIT_RETURN_IF_ERROR(file->CheckUnchanged());
  return schema;
}

Result<CsvFile> CsvFile::Open(const std::string& path, const CsvOptions& options) {
  ORBIT_RETURN_IF_ERROR(CheckOptions(options));
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> file, MappedFile::Open(path));
  Result<CsvLayout> located = LocateCsvParts(file->data(), file->size(), options, path);
  ORBIT_RETURN_IF_ERROR(file->CheckUnchanged());
  ORBIT_ASSIGN_OR_RETURN(CsvLayout layout, std::move(located));
  Result<Schema> resolved = ResolveCsvSchema(layout, options, path);
  ORBIT_RETURN_IF_ERROR(file->CheckUnchanged());
  ORBIT_ASSIGN_OR_RETURN(Schema schema, std::move(resolved));

  CsvFile csv;
  csv.path_ = path;
  csv.options_ = options;
  csv.options_.columns = std::move(schema);
  csv.types_inferred_ = options.columns.empty();
  csv.estimated_rows_ = EstimateRecords(layout.data_begin, layout.data_end);
  if (file->read_into_memory()) csv.held_ = std::move(file);
  return csv;
}

Result<TablePtr> CsvFile::Read(const std::string& table_name) const {
  if (held_) return ReadOpenedCsv(*held_, path_, options_, types_inferred_, table_name, 0);
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> file, MappedFile::Open(path_));
  return ReadOpenedCsv(*file, path_, options_, types_inferred_, table_name, 0);
}

}  // namespace orbit
