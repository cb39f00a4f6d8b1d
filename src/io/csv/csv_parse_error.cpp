#include "io/csv/csv_parse_error.h"

#include <algorithm>

namespace orbit {

std::string CsvColumnLabel(const Schema& schema, size_t column) {
  if (column < schema.size()) return fmt::format("column {} ({})", column + 1, schema[column].name);
  return fmt::format("column {}", column + 1);
}

CsvParseError RecordScanError(const CsvRecordScan& scan, const CsvFields& fields, const Schema& schema) {
  if (scan.error == CsvRecordError::kUnterminatedQuote) {
    return {CsvParseError::Kind::kUnterminatedQuote, scan.error_at,
            fmt::format("{}: unterminated quoted field (the quote that opens it is never closed)",
                        CsvColumnLabel(schema, fields.size()))};
  }
  return {CsvParseError::Kind::kTextAfterQuote, scan.error_at,
          fmt::format("{}: unexpected text after the closing quote of a quoted field "
                      "(write a quote inside a quoted field as two quotes)",
                      CsvColumnLabel(schema, fields.size() - 1))};
}

CsvParseError FieldCountError(const char* record, size_t expected, size_t found) {
  return {CsvParseError::Kind::kFieldCount, record, fmt::format("expected {} fields, found {}", expected, found)};
}

Status CsvErrorStatus(const std::string& path, const char* file_begin, const CsvParseError& error) {
  // Counting newlines is a full scan up to the error, affordable because it runs once per failed read.
  auto line = std::count(file_begin, error.at, '\n') + 1;
  return Status::InvalidData("{}:{}: {}", path, line, error.message);
}

}  // namespace orbit
