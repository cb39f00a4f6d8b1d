// liborbit_parquet.so: the Parquet plugin's entry table (parquet_plugin_abi.h) and the calls
// on an open file's footer. Reading row groups and statistics is in
// parquet_plugin_row_groups.cpp, writing in parquet_plugin_writer.cpp.
#include <cstdlib>
#include <cstring>

#include <arrow/c/bridge.h>
#include <arrow/util/config.h>
#include <parquet/exception.h>

#include "io/parquet/plugin/parquet_plugin_internal.h"

namespace orbit::parquet_plugin {

char* CopyError(const std::string& message) {
  char* copy = static_cast<char*>(std::malloc(message.size() + 1));
  if (copy != nullptr) std::memcpy(copy, message.c_str(), message.size() + 1);
  return copy;
}

int32_t Guard(char** error, const std::function<arrow::Status()>& body) {
  std::string message;
  try {
    arrow::Status status = body();
    if (status.ok()) return 0;
    message = status.message();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown error in the Parquet library";
  }
  if (error != nullptr) *error = CopyError(message);
  return 1;
}

arrow::Result<std::unique_ptr<parquet::arrow::FileReader>> MakeArrowReader(const OrbitParquetReader& reader) {
  std::unique_ptr<parquet::ParquetFileReader> file =
      parquet::ParquetFileReader::Open(reader.file, parquet::default_reader_properties(), reader.metadata);
  parquet::ArrowReaderProperties properties;
  // The engine reads row groups in parallel on its own threads.
  properties.set_use_threads(false);
  return parquet::arrow::FileReader::Make(arrow::default_memory_pool(), std::move(file), properties);
}

std::shared_ptr<arrow::DataType> DecodedType(const std::shared_ptr<arrow::DataType>& type) {
  if (type->id() == arrow::Type::DICTIONARY) return static_cast<const arrow::DictionaryType&>(*type).value_type();
  return type;
}

namespace {

const char* LibraryVersion() { return "Apache Arrow " ARROW_VERSION_STRING; }

void FreeError(char* error) { std::free(error); }

arrow::Status OpenReader(const char* path, OrbitParquetReader** out) {
  auto reader = std::make_unique<OrbitParquetReader>();
  ARROW_ASSIGN_OR_RAISE(reader->file, arrow::io::ReadableFile::Open(path));
  // Reads and checks the footer (magic bytes, metadata): a truncated or foreign file fails here.
  std::unique_ptr<parquet::ParquetFileReader> file = parquet::ParquetFileReader::Open(reader->file);
  reader->metadata = file->metadata();
  parquet::ArrowReaderProperties properties;
  ARROW_ASSIGN_OR_RAISE(auto arrow_reader,
                        parquet::arrow::FileReader::Make(arrow::default_memory_pool(), std::move(file), properties));
  ARROW_RETURN_NOT_OK(arrow_reader->GetSchema(&reader->file_schema));
  arrow::FieldVector fields;
  for (const auto& field : reader->file_schema->fields()) fields.push_back(field->WithType(DecodedType(field->type())));
  reader->schema = arrow::schema(std::move(fields));
  *out = reader.release();
  return arrow::Status::OK();
}

int32_t Open(const char* path, OrbitParquetReader** reader, char** error) {
  *reader = nullptr;
  return Guard(error, [&] { return OpenReader(path, reader); });
}

void Close(OrbitParquetReader* reader) { delete reader; }

int32_t Schema(OrbitParquetReader* reader, ArrowSchema* out, char** error) {
  return Guard(error, [&] { return arrow::ExportSchema(*reader->schema, out); });
}

int32_t RowGroupCount(OrbitParquetReader* reader) { return reader->metadata->num_row_groups(); }

int64_t RowGroupRows(OrbitParquetReader* reader, int32_t row_group) {
  return reader->metadata->RowGroup(row_group)->num_rows();
}

}  // namespace

int32_t RowGroupStatistics(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns, int32_t column_count,
                           ArrowSchema* schema_out, ArrowArray* out, int64_t* null_counts, char** error);
int32_t ReadRowGroup(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns, int32_t column_count,
                     ArrowSchema* schema_out, ArrowArray* out, char** error);
int32_t Write(const char* path, ArrowArrayStream* stream, const char* compression, int64_t row_group_rows,
              int64_t* rows_written, char** error);

const OrbitParquetApi kApi = {
    ORBIT_PARQUET_ABI_VERSION, LibraryVersion, FreeError, Open, Close, Schema, RowGroupCount, RowGroupRows,
    RowGroupStatistics,        ReadRowGroup,   Write,
};

}  // namespace orbit::parquet_plugin

extern "C" __attribute__((visibility("default"))) const OrbitParquetApi* orbit_parquet_plugin_v1() {
  return &orbit::parquet_plugin::kApi;
}
