// The Parquet plugin's reads of one row group: its columns as one Arrow struct array, with
// dictionary-encoded columns decoded (the engine holds plain strings), and the min/max
// statistics of its column chunks, which the engine uses to skip row groups.
#include <arrow/array/concatenate.h>
#include <arrow/c/bridge.h>
#include <parquet/arrow/reader.h>
#include <parquet/statistics.h>

#include "io/parquet/plugin/parquet_plugin_internal.h"

namespace orbit::parquet_plugin {

namespace {

// The values of a dictionary array, row by row.
arrow::Result<std::shared_ptr<arrow::Array>> Decode(const arrow::DictionaryArray& array) {
  const std::shared_ptr<arrow::Array>& dictionary = array.dictionary();
  std::unique_ptr<arrow::ArrayBuilder> builder;
  ARROW_RETURN_NOT_OK(arrow::MakeBuilder(arrow::default_memory_pool(), dictionary->type(), &builder));
  ARROW_RETURN_NOT_OK(builder->Reserve(array.length()));
  const arrow::ArraySpan values(*dictionary->data());
  for (int64_t i = 0; i < array.length(); ++i) {
    if (array.IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder->AppendNull());
    } else {
      ARROW_RETURN_NOT_OK(builder->AppendArraySlice(values, array.GetValueIndex(i), 1));
    }
  }
  return builder->Finish();
}

// One array for a column of the row group, its chunks decoded and joined.
arrow::Result<std::shared_ptr<arrow::Array>> OneArray(const arrow::ChunkedArray& column) {
  arrow::ArrayVector chunks;
  for (const auto& chunk : column.chunks()) {
    if (chunk->type_id() == arrow::Type::DICTIONARY) {
      ARROW_ASSIGN_OR_RAISE(auto decoded, Decode(static_cast<const arrow::DictionaryArray&>(*chunk)));
      chunks.push_back(std::move(decoded));
    } else {
      chunks.push_back(chunk);
    }
  }
  if (chunks.size() == 1) return chunks[0];
  if (chunks.empty()) return arrow::MakeArrayOfNull(DecodedType(column.type()), 0);
  return arrow::Concatenate(chunks);
}

arrow::Status ReadColumns(const OrbitParquetReader& reader, int32_t row_group, const std::vector<int>& columns,
                          ArrowSchema* schema_out, ArrowArray* out) {
  ARROW_ASSIGN_OR_RAISE(auto arrow_reader, MakeArrowReader(reader));
  ARROW_ASSIGN_OR_RAISE(auto table, arrow_reader->ReadRowGroup(row_group, columns));
  arrow::FieldVector fields;
  arrow::ArrayVector arrays;
  for (int i = 0; i < table->num_columns(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto array, OneArray(*table->column(i)));
    fields.push_back(arrow::field(table->field(i)->name(), array->type()));
    arrays.push_back(std::move(array));
  }
  auto batch = arrow::RecordBatch::Make(arrow::schema(std::move(fields)), table->num_rows(), std::move(arrays));
  return arrow::ExportRecordBatch(*batch, out, schema_out);
}

std::shared_ptr<arrow::Scalar> StringScalarOf(const arrow::DataType& type, std::shared_ptr<arrow::Buffer> bytes) {
  if (type.id() == arrow::Type::LARGE_STRING) return std::make_shared<arrow::LargeStringScalar>(std::move(bytes));
  return std::make_shared<arrow::StringScalar>(std::move(bytes));
}

// The chunk's min and max as `type`, or null scalars when the chunk has none that are exact
// values of the column's type (then the engine reads the row group).
arrow::Status AppendMinMax(const parquet::ColumnChunkMetaData& chunk, const std::shared_ptr<arrow::DataType>& type,
                           arrow::ArrayBuilder* builder) {
  std::shared_ptr<parquet::Statistics> statistics = chunk.statistics();
  std::shared_ptr<arrow::Scalar> min, max;
  if (statistics != nullptr && statistics->HasMinMax() &&
      parquet::arrow::StatisticsAsScalars(*statistics, &min, &max).ok() && min != nullptr && max != nullptr) {
    // Strings' statistics may come as binary, or of the other string width; the bytes are the same.
    if (arrow::is_string(type->id()) && arrow::is_base_binary_like(min->type->id()) && !min->type->Equals(*type)) {
      min = StringScalarOf(*type, static_cast<const arrow::BaseBinaryScalar&>(*min).value);
      max = StringScalarOf(*type, static_cast<const arrow::BaseBinaryScalar&>(*max).value);
    }
    if (min->type->Equals(*type) && max->type->Equals(*type) && min->is_valid && max->is_valid) {
      ARROW_RETURN_NOT_OK(builder->AppendScalar(*min));
      return builder->AppendScalar(*max);
    }
  }
  return builder->AppendNulls(2);
}

arrow::Status ReadStatistics(const OrbitParquetReader& reader, int32_t row_group, const std::vector<int>& columns,
                             ArrowSchema* schema_out, ArrowArray* out, int64_t* null_counts) {
  std::unique_ptr<parquet::RowGroupMetaData> metadata = reader.metadata->RowGroup(row_group);
  arrow::FieldVector fields;
  arrow::ArrayVector arrays;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::shared_ptr<arrow::Field>& field = reader.schema->field(columns[i]);
    std::unique_ptr<arrow::ArrayBuilder> builder;
    ARROW_RETURN_NOT_OK(arrow::MakeBuilder(arrow::default_memory_pool(), field->type(), &builder));
    std::unique_ptr<parquet::ColumnChunkMetaData> chunk = metadata->ColumnChunk(columns[i]);
    ARROW_RETURN_NOT_OK(AppendMinMax(*chunk, field->type(), builder.get()));
    std::shared_ptr<parquet::Statistics> statistics = chunk->statistics();
    // A list's leaf counts its NULL elements too, not the rows that are NULL: unknown.
    const bool flat = field->type()->num_fields() == 0;
    null_counts[i] = flat && statistics != nullptr && statistics->HasNullCount() ? statistics->null_count() : -1;
    ARROW_ASSIGN_OR_RAISE(auto array, builder->Finish());
    fields.push_back(arrow::field(field->name(), field->type()));
    arrays.push_back(std::move(array));
  }
  auto batch = arrow::RecordBatch::Make(arrow::schema(std::move(fields)), 2, std::move(arrays));
  return arrow::ExportRecordBatch(*batch, out, schema_out);
}

// Top-level columns must be flat for a field index to be its Parquet column index.
arrow::Result<std::vector<int>> CheckedColumns(const OrbitParquetReader& reader, int32_t row_group,
                                               const int32_t* columns, int32_t column_count) {
  if (row_group < 0 || row_group >= reader.metadata->num_row_groups()) {
    return arrow::Status::IndexError("no row group ", row_group);
  }
  std::vector<int> out(columns, columns + column_count);
  for (int c : out) {
    if (c < 0 || c >= reader.schema->num_fields() || reader.metadata->num_columns() != reader.schema->num_fields()) {
      return arrow::Status::Invalid("column ", c, " is not a flat column of the file");
    }
  }
  return out;
}

}  // namespace

int32_t RowGroupStatistics(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns, int32_t column_count,
                           ArrowSchema* schema_out, ArrowArray* out, int64_t* null_counts, char** error) {
  return Guard(error, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto checked, CheckedColumns(*reader, row_group, columns, column_count));
    return ReadStatistics(*reader, row_group, checked, schema_out, out, null_counts);
  });
}

int32_t ReadRowGroup(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns, int32_t column_count,
                     ArrowSchema* schema_out, ArrowArray* out, char** error) {
  return Guard(error, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto checked, CheckedColumns(*reader, row_group, columns, column_count));
    return ReadColumns(*reader, row_group, checked, schema_out, out);
  });
}

}  // namespace orbit::parquet_plugin
