#include "io/csv/csv_chunk_parser.h"

#include <string>
#include <vector>

#include "io/csv/csv_column_decoder.h"

namespace orbit {
namespace {

// Long values are cut in messages so one bad 10 MB field does not flood the terminal.
std::string Excerpt(std::string_view text) {
  constexpr size_t kMaxShown = 80;
  if (text.size() <= kMaxShown) return std::string(text);
  return std::string(text.substr(0, kMaxShown)) + "...";
}

}  // namespace

CsvChunkResult ParseCsvChunk(const CsvChunk& chunk, const Schema& schema, const CsvDialect& dialect,
                             std::string_view null_string, int64_t expected_rows) {
  std::vector<CsvColumnDecoder> decoders;
  decoders.reserve(schema.size());
  for (const Field& field : schema) decoders.emplace_back(field.type, expected_rows, null_string, dialect.quote);

  CsvChunkResult result;
  CsvFields fields;
  std::string scratch;
  int64_t rows = 0;
  for (const char* p = chunk.begin; p < chunk.end;) {
    CsvRecordScan scan = TokenizeRecord(p, chunk.end, dialect, &fields);
    if (scan.error != CsvRecordError::kNone) {
      result.error = RecordScanError(scan, fields, schema);
      break;
    }
    if (fields.size() != schema.size()) {
      result.error = FieldCountError(p, schema.size(), fields.size());
      break;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!decoders[i].Append(fields[i], &scratch)) {
        std::string_view text = FieldText(fields[i], dialect.quote, &scratch);
        result.error = CsvParseError{CsvParseError::Kind::kBadValue, fields[i].data,
                                     fmt::format("{}: cannot read '{}' as {}", CsvColumnLabel(schema, i), Excerpt(text),
                                                 schema[i].type.ToString())};
        break;
      }
    }
    if (result.error) return result;
    ++rows;
    p = scan.next;
  }
  if (result.error) return result;

  result.batch.length = rows;
  result.batch.columns.reserve(decoders.size());
  for (CsvColumnDecoder& decoder : decoders) result.batch.columns.push_back(decoder.Finish());
  return result;
}

}  // namespace orbit
