#include "io/csv/csv_layout.h"

#include <string_view>

#include "io/csv/csv_parse_error.h"
#include "io/csv/csv_tokenizer.h"

namespace orbit {

Result<CsvLayout> LocateCsvParts(const char* file, size_t size, const CsvOptions& options, const std::string& path) {
  CsvLayout layout;
  layout.file_begin = file;
  layout.data_begin = file;
  layout.data_end = file + size;
  if (std::string_view(file, size).starts_with("\xEF\xBB\xBF")) layout.data_begin += 3;
  while (layout.data_end > layout.data_begin && (layout.data_end[-1] == '\n' || layout.data_end[-1] == '\r')) {
    --layout.data_end;
  }
  if (!options.header || layout.data_begin == layout.data_end) return layout;

  CsvFields fields;
  CsvDialect dialect{options.delimiter, options.quote};
  CsvRecordScan scan = TokenizeRecord(layout.data_begin, layout.data_end, dialect, &fields);
  if (scan.error != CsvRecordError::kNone) {
    return CsvErrorStatus(path, file, RecordScanError(scan, fields, Schema{}));
  }
  std::string scratch;
  layout.header.emplace();
  for (size_t i = 0; i < fields.size(); ++i) layout.header->emplace_back(FieldText(fields[i], options.quote, &scratch));
  layout.data_begin = scan.next;
  return layout;
}

}  // namespace orbit
