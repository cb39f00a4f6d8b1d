// A problem found while parsing CSV text, kept as a byte position so that chunks parsed in
// parallel can report it cheaply; the reader turns the position into "file:line:" only for
// the error it finally returns.
#pragma once

#include <cstddef>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "io/csv/csv_tokenizer.h"

namespace orbit {

struct CsvParseError {
  enum class Kind { kFieldCount, kBadValue, kUnterminatedQuote, kTextAfterQuote };
  Kind kind;
  const char* at;       // the record or field at fault
  std::string message;  // what is wrong, without the file and line
};

/// "column 5 (l_quantity)": 1-based, with the name when the schema has one.
std::string CsvColumnLabel(const Schema& schema, size_t column);

/// The error for a record the tokenizer could not split; `fields` holds what it had split.
CsvParseError RecordScanError(const CsvRecordScan& scan, const CsvFields& fields, const Schema& schema);
CsvParseError FieldCountError(const char* record, size_t expected, size_t found);

/// Status::InvalidData "<path>:<line>: <message>", with the 1-based line of `error.at` in the
/// file that starts at `file_begin`.
Status CsvErrorStatus(const std::string& path, const char* file_begin, const CsvParseError& error);

}  // namespace orbit
