// Reading delimited text files into tables, in parallel: the file is split into chunks at
// line boundaries, each chunk is parsed on its own thread into one Batch, and the batches
// keep the file's row order. Used by read_csv(...) (through CsvFile: columns at bind time,
// rows when the scan runs) and COPY ... FROM.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"

namespace orbit {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  bool header = true;
  /// Text that reads as NULL. When empty, an unquoted empty field is NULL; when set, an
  /// empty field is NULL only in non-VARCHAR columns (PostgreSQL's COPY rules).
  std::string null_string;
  /// Explicit column names and types; when empty, names come from the header (or column0,
  /// column1, ...) and types are inferred from a sample of rows.
  Schema columns;
  /// Rows sampled for type inference.
  int64_t sample_rows = 20480;
  /// 0 = use every thread of the current TBB arena.
  int threads = 0;
  /// The statement's cancel and timeout, checked per chunk of the file; null: none.
  const QueryInterrupt* interrupt = nullptr;
};

/// Reads the whole file into a new table named `table_name`.
/// Errors name the file, the line and the column: "lineitem.tbl:17: column 5 (l_quantity):
/// cannot read 'abc' as DECIMAL(15,2)".
Result<TablePtr> ReadCsv(const std::string& path, const CsvOptions& options, const std::string& table_name);

/// Infers the schema only (names + types), reading the header and a sample.
Result<Schema> InferCsvSchema(const std::string& path, const CsvOptions& options);

class MappedFile;

/// A CSV file whose columns are known before its rows are read (read_csv's scan). Open
/// reads only the start of the file: the header and options.sample_rows records (the
/// columns' types, unless given), and the first 64 KiB for the row estimate. Read then reads
/// every record as those columns. A regular file is opened again by Read; a stream (a pipe,
/// /dev/stdin), which can be read only once, is kept from Open.
class CsvFile {
 public:
  static Result<CsvFile> Open(const std::string& path, const CsvOptions& options);

  const std::string& path() const { return path_; }
  const Schema& schema() const { return options_.columns; }
  /// The data's bytes over the mean record length of its first 64 KiB (a shorter file's
  /// lines are counted).
  double estimated_rows() const { return estimated_rows_; }
  /// Every record, into a new table named `table_name`; errors as ReadCsv's.
  Result<TablePtr> Read(const std::string& table_name) const;

 private:
  std::string path_;
  CsvOptions options_;  // columns: the schema Open found
  bool types_inferred_ = false;
  double estimated_rows_ = 0;
  std::shared_ptr<const MappedFile> held_;  // a stream's bytes, read by Open
};

}  // namespace orbit
