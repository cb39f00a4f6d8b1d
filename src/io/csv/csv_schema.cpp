#include "io/csv/csv_schema.h"

#include <vector>

#include "io/csv/csv_column_decoder.h"
#include "io/csv/csv_parse_error.h"
#include "io/csv/csv_tokenizer.h"
#include "io/csv/csv_type_inference.h"

namespace orbit {
namespace {

Status CheckExplicitColumns(const CsvLayout& layout, const CsvOptions& options, const std::string& path) {
  for (const Field& field : options.columns) {
    if (field.type.id == TypeId::kNull) {
      return Status::InvalidArgument("CSV column '{}' has type NULL; give it a concrete type", field.name);
    }
  }
  if (layout.header && layout.header->size() != options.columns.size()) {
    return Status::InvalidData("{}:1: the header has {} fields but {} columns were given", path, layout.header->size(),
                               options.columns.size());
  }
  return Status::OK();
}

// Names from the header, or column0, column1, ... (also for blank header fields).
Schema NameColumns(const CsvLayout& layout, size_t num_columns) {
  Schema schema(num_columns);
  for (size_t i = 0; i < num_columns; ++i) {
    bool named = layout.header && !(*layout.header)[i].empty();
    schema[i].name = named ? (*layout.header)[i] : fmt::format("column{}", i);
    schema[i].type = DataType::Varchar();
  }
  return schema;
}

// Narrows each column's type over up to options.sample_rows records.
Status InferTypes(const CsvLayout& layout, const CsvOptions& options, const std::string& path, Schema* schema) {
  std::vector<CsvTypeCandidates> candidates(schema->size());
  CsvFields fields;
  std::string scratch;
  CsvDialect dialect{options.delimiter, options.quote};
  const char* p = layout.data_begin;
  for (int64_t row = 0; row < options.sample_rows && p < layout.data_end; ++row) {
    CsvRecordScan scan = TokenizeRecord(p, layout.data_end, dialect, &fields);
    if (scan.error != CsvRecordError::kNone) {
      return CsvErrorStatus(path, layout.file_begin, RecordScanError(scan, fields, *schema));
    }
    if (fields.size() != schema->size()) {
      return CsvErrorStatus(path, layout.file_begin, FieldCountError(p, schema->size(), fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      // An empty quoted field is NULL for every type but VARCHAR, so it rules nothing out.
      if (IsCsvNull(fields[i], options.null_string) || fields[i].size == 0) continue;
      candidates[i].Observe(FieldText(fields[i], options.quote, &scratch));
    }
    p = scan.next;
  }
  for (size_t i = 0; i < schema->size(); ++i) (*schema)[i].type = candidates[i].Best();
  return Status::OK();
}

}  // namespace

Result<Schema> ResolveCsvSchema(const CsvLayout& layout, const CsvOptions& options, const std::string& path) {
  if (!options.columns.empty()) {
    ORBIT_RETURN_IF_ERROR(CheckExplicitColumns(layout, options, path));
    return options.columns;
  }
  size_t num_columns = 0;
  if (layout.header) {
    num_columns = layout.header->size();
  } else if (layout.data_begin < layout.data_end) {
    // Without a header the first record says how many columns there are.
    CsvFields fields;
    CsvDialect dialect{options.delimiter, options.quote};
    CsvRecordScan scan = TokenizeRecord(layout.data_begin, layout.data_end, dialect, &fields);
    if (scan.error != CsvRecordError::kNone) {
      return CsvErrorStatus(path, layout.file_begin, RecordScanError(scan, fields, Schema{}));
    }
    num_columns = fields.size();
  } else {
    return Status::InvalidData(
        "{}: the file is empty, so its columns cannot be inferred; pass the column "
        "names and types",
        path);
  }
  Schema schema = NameColumns(layout, num_columns);
  ORBIT_RETURN_IF_ERROR(InferTypes(layout, options, path, &schema));
  return schema;
}

}  // namespace orbit
