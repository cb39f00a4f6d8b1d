// Reading delimited text files into tables, in parallel: the file is split into chunks at
// line boundaries, each chunk is parsed on its own thread into one Batch, and the batches
// keep the file's row order. Used by read_csv(...) and COPY ... FROM.
#pragma once

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

}  // namespace orbit
